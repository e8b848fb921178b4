"""Request context: X-Request-ID on every response, one log line per request once its
response is sent, the app's own 414/431 limits, and the 500 envelope for anything
unhandled. Pure ASGI so it also wraps streamed responses."""

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import INTERNAL_ERROR_MESSAGE, error_body
from app.core.request_limits import headers_error, request_line_error
from app.core.request_log import bind_request, log_request, request_id_from, unbind_request

logger = logging.getLogger("app.request")

REQUEST_ID_HEADER = "X-Request-ID"


def request_id_for(scope: Scope) -> str:
    # Sent twice, neither is the request's id: a fresh one, as WSGI servers (which join
    # repeated headers with commas) end up doing too.
    sent = Headers(scope=scope).getlist(REQUEST_ID_HEADER)
    return request_id_from(sent[0] if len(sent) == 1 else None)


def header_sizes(scope: Scope) -> list[tuple[int, int]]:
    """(name, value) lengths, a repeated header as one "a,b" value: what a WSGI server
    hands Flask, so both stacks measure the same request alike."""
    values: dict[bytes, list[bytes]] = {}
    for name, value in scope["headers"]:
        values.setdefault(name.lower(), []).append(value)
    return [(len(name), len(b",".join(sent))) for name, sent in values.items()]


def request_line_bytes(scope: Scope) -> int:
    path = scope.get("raw_path") or scope["path"].encode(errors="replace")
    query = scope["query_string"]
    target = len(path) + (len(query) + 1 if query else 0)
    return len(f"{scope['method']}  HTTP/{scope['http_version']}") + target


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        # Measured before anything else: a request line too long is refused unread, its
        # X-Request-ID included.
        line_error = request_line_error(request_line_bytes(scope))
        request_id = request_id_from(None) if line_error else request_id_for(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        bound = bind_request(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False
        logged = False

        def log_once() -> None:
            nonlocal logged
            if not logged:
                logged = True
                duration_ms = (time.perf_counter() - started) * 1000
                log_request(request_id, scope["method"], scope["path"], status, duration_ms)

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)
            # The client has its answer: what the app goes on to run after sending it
            # (a route's background work) is not part of the request's duration.
            if message["type"] == "http.response.body" and not message.get("more_body"):
                log_once()

        try:
            oversize = line_error or headers_error(header_sizes(scope))
            if oversize is not None:
                body = error_body(oversize.code, oversize.message)
                await JSONResponse(body, oversize.status_code)(scope, receive, send_with_id)
                return
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error request_id=%s", request_id)
            if response_started:
                raise
            response = JSONResponse(error_body("INTERNAL_ERROR", INTERNAL_ERROR_MESSAGE), 500)
            await response(scope, receive, send_with_id)
        finally:
            # A response never finished (the client went away) is logged all the same.
            log_once()
            unbind_request(bound)
