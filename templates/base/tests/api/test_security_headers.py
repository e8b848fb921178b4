"""Security headers on every response: successes, errors, 404s and the unexpected 500."""

from tests.support.api import API, item_body

JSON = {"Content-Type": "application/json"}
EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


def _assert_secured(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.status_code, name)


def test_every_kind_of_response_carries_the_security_headers(client, auth_headers):
    created = client.post(f"{API}/items", json=item_body(), headers=auth_headers)
    responses = [
        client.get(f"{API}/health"),
        created,
        client.get(f"{API}/items/{created.json()['data']['id']}"),
        client.delete(f"{API}/items/{created.json()['data']['id']}", headers=auth_headers),
        client.get(f"{API}/openapi.json"),
        client.get(f"{API}/nope"),
        client.get("/"),
        client.put(f"{API}/health", json={}),
        client.post(f"{API}/items", content=b"{", headers={**auth_headers, **JSON}),
        client.post(f"{API}/items", content=b"x", headers={**auth_headers, "Content-Type": "a/b"}),
        client.post(f"{API}/items", content=b"x" * (1024 * 1024 + 1), headers=JSON),
        client.get(f"{API}/items/99999"),
    ]
    assert {r.status_code for r in responses} >= {200, 201, 204, 400, 404, 405, 413, 415}
    for response in responses:
        _assert_secured(response)


def test_the_unexpected_500_carries_them_too(failing_client):
    response = failing_client.get(f"{API}/test-crash")
    assert response.status_code == 500
    _assert_secured(response)


def test_hsts_only_in_production(client, make_client):
    assert "strict-transport-security" not in client.get(f"{API}/health").headers
    production = make_client(environment="production")
    for response in (production.get(f"{API}/health"), production.get(f"{API}/nope")):
        _assert_secured(response)
        hsts = response.headers["strict-transport-security"]
        assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 31536000
