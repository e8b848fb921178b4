"""Adds the security headers (app/core/security_headers.py) to every response, errors
included: an after_request hook."""

from collections.abc import Iterable

from flask import Flask, Response, request

from app.core.security_headers import security_headers

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


def install_security_headers(app: Flask, *, hsts: bool, html_paths: Iterable[str]) -> None:
    html = frozenset(html_paths)
    api_headers = security_headers(hsts=hsts)
    html_headers = security_headers(hsts=hsts, csp=DOCS_CONTENT_SECURITY_POLICY)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = html_headers if request.environ.get("PATH_INFO") in html else api_headers
        for name, value in headers:
            # A route that sets its own (a download's CSP, say) keeps it.
            response.headers.setdefault(name, value)
        return response
