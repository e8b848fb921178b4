from tests.support.api import API

ALLOWED = "http://localhost:3000"


def _preflight(client, origin):
    return client.options(
        f"{API}/items",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )


def test_preflight_from_an_allowed_origin(client):
    response = _preflight(client, ALLOWED)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    methods = response.headers["access-control-allow-methods"]
    assert "PATCH" in methods and "*" not in methods
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert response.headers["x-request-id"]


def test_preflight_from_another_origin_is_refused(client):
    response = _preflight(client, "https://evil.example")
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["x-request-id"]


def test_simple_request_exposes_request_id(client):
    response = client.get(f"{API}/health", headers={"Origin": ALLOWED})
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
    other = client.get(f"{API}/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
