"""Adds the security headers (app/core/security_headers.py) to every response. WSGI
middleware, outermost, so responses other middleware answers (the request context's own
500, preflights) get them too."""

from collections.abc import Callable, Iterable
from typing import Any

from app.core.security_headers import security_headers

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Swagger UI (APIFlask's docs page) is the one HTML page: its script, styles and icon come
# from jsDelivr, it starts with one inline script, draws icons from data: URIs and fetches
# the document from this origin. It shows no user input, so 'unsafe-inline' opens no hole.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    "script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "img-src 'self' data: https://cdn.jsdelivr.net; "
    "connect-src 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: WsgiApp, *, hsts: bool, html_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.html_paths = frozenset(html_paths)
        self.api_headers = security_headers(hsts=hsts)
        self.html_headers = security_headers(hsts=hsts, csp=DOCS_CONTENT_SECURITY_POLICY)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        html = environ.get("PATH_INFO") in self.html_paths
        headers = self.html_headers if html else self.api_headers

        def start_with_headers(
            status: str, response_headers: list[Any], exc_info: Any = None
        ) -> Any:
            present = {name.lower() for name, _ in response_headers}
            # A route that sets its own (a download's CSP, say) keeps it.
            extra = [(k, v) for k, v in headers if k.lower() not in present]
            return start_response(status, [*response_headers, *extra], exc_info)

        return self.app(environ, start_with_headers)
