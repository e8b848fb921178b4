"""Adds the security headers (app/core/security_headers.py) to every response. WSGI
middleware, outermost, so responses other middleware answers (the request context's own
500, preflights) get them too."""

from collections.abc import Callable, Iterable
from typing import Any

from app.core.security_headers import security_headers

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SecurityHeadersMiddleware:
    def __init__(self, app: WsgiApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = security_headers(hsts=hsts)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def start_with_headers(status: str, headers: list[Any], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            # A route that sets its own (a download's CSP, say) keeps it.
            extra = [(k, v) for k, v in self.headers if k.lower() not in present]
            return start_response(status, [*headers, *extra], exc_info)

        return self.app(environ, start_with_headers)
