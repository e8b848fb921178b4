"""Adds the security headers (app/core/security_headers.py) to every response. Pure
ASGI and outermost, so responses other middleware answers (the request context's own
500, preflights) get them too."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.security_headers import SecurityHeaders


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool, docs_path: str) -> None:
        self.app = app
        self.headers = SecurityHeaders(hsts=hsts, docs_path=docs_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = self.headers.for_path(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in headers:
                    # A route that sets its own (a download's CSP, say) keeps it.
                    response_headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
