"""Input checks that must run before FastAPI reads a request: 413, then 415, then
malformed input (undecodable query strings, JSON too deep or holding lone surrogates).

They live in the route class, not a middleware, so that an unknown route or a wrong
method is still answered 404/405 first (routing has already matched here), and before
dependencies, so that malformed input is a 400 before a missing token is a 401.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import Message, Receive

from app.core.config import Settings
from app.core.errors import PayloadTooLarge, UnsupportedMediaType
from app.core.input_checks import check_query_string, is_json, media_type, parse_json_body


def media_type_of(request: Request) -> str:
    return media_type(request.headers.get("content-type"))


def declared_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


def has_body(request: Request) -> bool:
    length = declared_length(request)
    if length is not None:
        return length > 0
    return "transfer-encoding" in request.headers or "content-length" in request.headers


class _BodyTooLarge(Exception):
    pass


class _CountingReceive:
    """Counts streamed body bytes, for requests that send no Content-Length."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._received = 0
        self.exceeded = False

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                self.exceeded = True
                raise _BodyTooLarge
        return message


class GuardedRoute(APIRoute):
    """A JSON route: bodies up to MAX_BODY_BYTES, sent as application/json (or +json)."""

    unsupported_message = "Content-Type must be application/json"

    def body_limit(self, settings: Settings) -> int:
        return settings.max_body_bytes

    def accepts(self, sent: str) -> bool:
        return is_json(sent)

    async def check_json_body(self, request: Request) -> None:
        """Reads the body ahead of FastAPI (which reuses the bytes read here) and refuses
        what the parser, the database or the response could not handle."""
        parse_json_body(await request.body(), request.app.state.settings.max_json_depth)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_body = self.body_field is not None

        async def guarded(request: Request) -> Response:
            limit = self.body_limit(request.app.state.settings)
            length = declared_length(request)
            if length is not None and length > limit:
                raise PayloadTooLarge(f"Request body is larger than {limit} bytes")
            if takes_body and has_body(request) and not self.accepts(media_type_of(request)):
                raise UnsupportedMediaType(self.unsupported_message)
            receive = _CountingReceive(request.receive, limit)
            checked = Request(request.scope, receive)
            try:
                check_query_string(request.scope["query_string"])
                if takes_body and has_body(request):
                    await self.check_json_body(checked)
                return await handler(checked)
            except Exception:
                # FastAPI re-wraps errors raised while reading a body, so check the flag.
                if receive.exceeded:
                    raise PayloadTooLarge(f"Request body is larger than {limit} bytes") from None
                raise

        return guarded
