"""Security headers for every response, errors and 404s included; each framework's
app adds them in one place (app/api/security_headers.py), so both send exactly these.

The API only ever answers JSON (or a stored file), which a browser should neither render
as a page nor frame: the policy denies everything. HSTS is only sent in production,
where the app is served over HTTPS; on http://localhost it would pin the browser to an
HTTPS that does not exist.
"""

API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"

BASE_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
)


def security_headers(
    *, hsts: bool, csp: str = API_CONTENT_SECURITY_POLICY
) -> list[tuple[str, str]]:
    headers = [*BASE_HEADERS, ("Content-Security-Policy", csp)]
    if hsts:
        headers.append(("Strict-Transport-Security", HSTS))
    return headers
