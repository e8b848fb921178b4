"""Behind a trusted proxy the rate limits count the client X-Forwarded-For names, as
uvicorn does for FastAPI; anyone else's X-Forwarded-For is ignored."""

from app.api.client_address import is_trusted
from tests.support.api import API, PASSWORD, assert_error


def _login(client, forwarded_for: str):
    body = {"email": f"{forwarded_for}@example.com", "password": PASSWORD}
    return client.post(f"{API}/auth/login", json=body, headers={"X-Forwarded-For": forwarded_for})


def test_a_trusted_proxy_names_the_client(make_clients_by_address):
    proxy = make_clients_by_address(rate_limit_login="1/minute")("127.0.0.1")
    assert _login(proxy, "203.0.113.1").status_code == 401
    assert _login(proxy, "203.0.113.2").status_code == 401
    # A chain: the nearest address the proxy does not trust is the client.
    assert _login(proxy, "198.51.100.9, 203.0.113.1, 127.0.0.1").status_code == 429


def test_an_untrusted_peer_cannot_claim_another_address(make_clients_by_address):
    client = make_clients_by_address(rate_limit_login="1/minute")("10.0.0.1")
    assert _login(client, "203.0.113.1").status_code == 401
    assert_error(_login(client, "203.0.113.2"), 429, "RATE_LIMITED")


def test_trusted_proxies_are_addresses_or_networks():
    assert is_trusted("10.1.2.3", "127.0.0.1, 10.0.0.0/8")
    assert is_trusted("::1", "127.0.0.1,::1")
    assert not is_trusted("10.1.2.3", "127.0.0.1,::1")
    assert not is_trusted("not-an-ip", "127.0.0.1")
    assert is_trusted("anything", "*")
