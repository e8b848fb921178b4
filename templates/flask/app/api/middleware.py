"""Request context as WSGI middleware: X-Request-ID on every response (CORS preflights
included), one log line per request once its response is sent, the app's own 414/431
limits, and the 500 envelope as a last resort."""

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from werkzeug.wsgi import ClosingIterator

from app.core.errors import INTERNAL_ERROR_MESSAGE, AppError, error_body
from app.core.request_limits import headers_error, request_line_error
from app.core.request_log import bind_request, log_request, unbind_request

logger = logging.getLogger("app.request")

REQUEST_ID_HEADER = "X-Request-ID"
_ENVIRON_KEY = "app.request_id"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Headers = list[tuple[str, str]]


# The WSGI environ holds Any; the annotated assignments state what these keys hold.
def request_id_of(environ: dict[str, Any]) -> str:
    request_id: str = environ.get(_ENVIRON_KEY, "-")
    return request_id


def _request_id_for(environ: dict[str, Any]) -> str:
    incoming: str | None = environ.get("HTTP_X_REQUEST_ID")
    if incoming is not None and _VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return str(uuid.uuid4())


def _request_line_bytes(environ: dict[str, Any]) -> int:
    # RAW_URI (gunicorn, werkzeug) is the target as sent; PATH_INFO is already decoded.
    target: str = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ["PATH_INFO"]
    line = f"{environ['REQUEST_METHOD']} {target} {environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"
    # WSGI strings carry the request's bytes as latin-1: one character per byte.
    return len(line.encode("latin-1", "replace"))


def _header_sizes(environ: dict[str, Any]) -> list[tuple[int, int]]:
    sizes = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            sizes.append((len(key) - len("HTTP_"), len(value)))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            sizes.append((len(key), len(value)))
    return sizes


def _json_reply(
    error: AppError, start_response: Callable[..., Any], exc_info: Any = None
) -> list[bytes]:
    body = json.dumps(error_body(error.code, error.message), separators=(",", ":")).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(f"{error.status_code} {HTTPStatus(error.status_code).phrase}", headers, exc_info)
    return [body]


def _path(environ: dict[str, Any]) -> str:
    # WSGI paths are bytes decoded as latin-1; this is the UTF-8 text the client sent.
    raw: str = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return raw.encode("latin-1", "replace").decode("utf-8", "replace")


class RequestContextMiddleware:
    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        line_error = request_line_error(_request_line_bytes(environ))
        request_id = str(uuid.uuid4()) if line_error else _request_id_for(environ)
        environ[_ENVIRON_KEY] = request_id
        bound = bind_request(request_id)
        started = time.perf_counter()
        status = 500

        def start_with_id(status_line: str, headers: Headers, exc_info: Any = None) -> Any:
            nonlocal status
            status = int(status_line.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != REQUEST_ID_HEADER.lower()]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        def finish() -> None:
            duration_ms = (time.perf_counter() - started) * 1000
            method = environ.get("REQUEST_METHOD", "-")
            log_request(request_id, method, _path(environ), status, duration_ms)
            unbind_request(bound)

        body: Iterable[bytes]
        try:
            oversize = line_error or headers_error(_header_sizes(environ))
            if oversize is not None:
                body = _json_reply(oversize, start_with_id)
            else:
                body = self.app(environ, start_with_id)
        except Exception:
            # Flask answers its own errors; this only catches failures around it.
            logger.exception("unhandled error request_id=%s", request_id)
            body = _json_reply(AppError(INTERNAL_ERROR_MESSAGE), start_with_id, sys.exc_info())
        # The server closes the body once it has sent it, streamed or not: the request's
        # duration ends there, and work handed to other threads is no part of it.
        return ClosingIterator(body, finish)
