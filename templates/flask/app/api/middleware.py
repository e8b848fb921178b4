"""What every request gets, as Flask hooks registered before any other: X-Request-ID and
the security headers on every response (CORS preflights and errors included), the app's
own 414/431 limits ahead of routing and body checks, and one log line per request once
its response is sent."""

import time
from typing import Any

from flask import Flask, Response, g, request

from app.core.request_limits import headers_error, request_line_error
from app.core.request_log import bind_request, log_request, request_id_from, unbind_request
from app.core.security_headers import SecurityHeaders

REQUEST_ID_HEADER = "X-Request-ID"
_ENVIRON_KEY = "app.request_id"


# The WSGI environ holds Any; the annotated assignment states what this key holds.
def request_id_of(environ: dict[str, Any]) -> str:
    request_id: str = environ.get(_ENVIRON_KEY, "-")
    return request_id


def start_request() -> None:
    environ = request.environ
    line_error = request_line_error(_request_line_bytes(environ))
    sent = None if line_error else environ.get("HTTP_X_REQUEST_ID")
    # A repeated header arrives joined with a comma, which no valid id holds.
    environ[_ENVIRON_KEY] = request_id_from(sent)
    g.request_log = (bind_request(environ[_ENVIRON_KEY]), time.perf_counter())
    oversize = line_error or headers_error(_header_sizes(environ))
    if oversize is not None:
        raise oversize


def finish_request(response: Response, security: SecurityHeaders) -> Response:
    environ = request.environ
    response.headers[REQUEST_ID_HEADER] = request_id_of(environ)
    for name, value in security.for_path(environ.get("PATH_INFO", "")):
        # A route that sets its own (a download's CSP, say) keeps it.
        response.headers.setdefault(name, value)
    bound, started = g.request_log
    method, path, status = environ.get("REQUEST_METHOD", "-"), _path(environ), response.status_code

    # The server closes the body once it has sent it, streamed or not: the request's
    # duration ends there, and work handed to other threads is no part of it.
    @response.call_on_close
    def log() -> None:
        duration_ms = (time.perf_counter() - started) * 1000
        log_request(request_id_of(environ), method, path, status, duration_ms)
        unbind_request(bound)

    return response


def _request_line_bytes(environ: dict[str, Any]) -> int:
    # RAW_URI (gunicorn, werkzeug) is the target as sent; PATH_INFO is already decoded.
    target: str = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ["PATH_INFO"]
    line = f"{environ['REQUEST_METHOD']} {target} {environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"
    # WSGI strings carry the request's bytes as latin-1: one character per byte.
    return len(line.encode("latin-1", "replace"))


def _header_sizes(environ: dict[str, Any]) -> list[tuple[int, int]]:
    return [
        (len(key) - len("HTTP_") if key.startswith("HTTP_") else len(key), len(value))
        for key, value in environ.items()
        if key.startswith("HTTP_") or (key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value)
    ]


def _path(environ: dict[str, Any]) -> str:
    # WSGI paths are bytes decoded as latin-1; this is the UTF-8 text the client sent.
    raw: str = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return raw.encode("latin-1", "replace").decode("utf-8", "replace")


def install_request_context(app: Flask, *, hsts: bool, docs_path: str) -> None:
    security = SecurityHeaders(hsts=hsts, docs_path=docs_path)
    app.before_request(start_request)
    app.after_request(lambda response: finish_request(response, security))
