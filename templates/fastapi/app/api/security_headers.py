"""Adds the security headers (app/core/security_headers.py) to every response. Pure
ASGI and outermost, so responses other middleware answers (the request context's own
500, preflights) get them too."""

from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.security_headers import security_headers

# Swagger UI (FastAPI's docs page) is the one HTML page: its script and styles come from
# jsDelivr, it starts with one inline script, draws icons from data: URIs and fetches the
# document from this origin. It shows no user input, so 'unsafe-inline' opens no hole.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    "script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool, html_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.html_paths = frozenset(html_paths)
        self.api_headers = security_headers(hsts=hsts)
        self.html_headers = security_headers(hsts=hsts, csp=DOCS_CONTENT_SECURITY_POLICY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        html = scope["path"] in self.html_paths
        headers = self.html_headers if html else self.api_headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in headers:
                    # A route that sets its own (a download's CSP, say) keeps it.
                    response_headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
