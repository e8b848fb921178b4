"""The Swagger UI page works under its own Content-Security-Policy: everything it loads
comes from a source that policy allows. The JSON API keeps the strict one."""

import re

from tests.support.api import API


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def _origin(url: str) -> str:
    match = re.match(r"https://[^/]+", url)
    assert match, url
    return match.group(0)


def test_the_docs_page_loads_only_what_its_policy_allows(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-frame-options"] == "DENY"
    policy = _directives(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'self'" in policy["connect-src"]  # fetches openapi.json
    html = response.text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    styles += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html)
    icons = re.findall(r'<link[^>]+rel="shortcut icon"[^>]+href="([^"]+)"', html)
    assert scripts and styles
    for url in scripts:
        assert _origin(url) in policy["script-src"], url
    for url in styles:
        assert _origin(url) in policy["style-src"], url
    for url in icons:
        assert _origin(url) in policy["img-src"], url
    if re.search(r"<script>\s*\S", html):  # the inline start-up script
        assert "'unsafe-inline'" in policy["script-src"]


def test_the_api_keeps_the_strict_policy(client):
    policy = client.get(f"{API}/health").headers["content-security-policy"]
    assert policy == "default-src 'none'; frame-ancestors 'none'"


def test_no_oauth2_redirect_page_is_served(client):
    assert client.get("/docs/oauth2-redirect").status_code == 404
