"""Brute-force protection on login, register and refresh: per client address and per
account (for refresh, per token)."""

import pytest
from limits.storage import MemoryStorage, RedisStorage

from app.core.config import Settings
from app.core.rate_limit import AuthRateLimiter, account_key, client_key
from tests.support.api import API, PASSWORD, assert_error

LOGIN = f"{API}/auth/login"
REGISTER = f"{API}/auth/register"


def _login(client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, json={"email": email, "password": password})


def _register(client, email: str):
    return client.post(REGISTER, json={"email": email, "password": PASSWORD, "name": "N"})


def _assert_rate_limited(response) -> None:
    error = assert_error(response, 429, "RATE_LIMITED")
    assert error["message"]
    retry_after = response.headers["retry-after"]
    assert retry_after.isdigit() and 1 <= int(retry_after) <= 60


def test_login_past_the_limit_is_429_with_retry_after(make_clients_by_address):
    client = make_clients_by_address(rate_limit_login="3/minute")("10.0.0.1")
    _register(client, "alice@example.com")
    for _ in range(3):
        assert _login(client, "alice@example.com", "wrong password").status_code == 401
    _assert_rate_limited(_login(client, "alice@example.com"))


def test_refresh_past_the_limit_is_429_per_client_and_per_token(make_clients_by_address):
    client_from = make_clients_by_address(rate_limit_refresh="2/minute")
    guess = {"refresh_token": "a guessed token"}
    client = client_from("10.0.0.1")
    for _ in range(2):
        assert client.post(f"{API}/auth/refresh", json=guess).status_code == 401
    _assert_rate_limited(client.post(f"{API}/auth/refresh", json={"refresh_token": "another"}))
    # The same token from another address: its own count is spent too.
    _assert_rate_limited(client_from("10.0.0.2").post(f"{API}/auth/refresh", json=guess))


def test_password_changes_are_held_to_the_login_limit_per_user(make_clients_by_address):
    client_from = make_clients_by_address(rate_limit_login="2/minute")
    _register(client_from("10.0.0.1"), "alice@example.com")
    token = _login(client_from("10.0.0.1"), "alice@example.com").json()["data"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    guess = {"current_password": "a guess", "new_password": "a brand new password"}
    for address in ("10.0.0.2", "10.0.0.3"):
        response = client_from(address).put(f"{API}/auth/password", json=guess, headers=headers)
        assert response.status_code == 400
    # A third guess, from yet another address: the user's own count is spent.
    third = client_from("10.0.0.4").put(f"{API}/auth/password", json=guess, headers=headers)
    _assert_rate_limited(third)


def test_successful_logins_below_the_limit_are_not_blocked(make_clients_by_address):
    client = make_clients_by_address(rate_limit_login="3/minute")("10.0.0.1")
    assert _register(client, "alice@example.com").status_code == 201
    for _ in range(3):
        assert _login(client, "alice@example.com").status_code == 200


def test_the_account_limit_holds_across_client_addresses(make_clients_by_address):
    client_from = make_clients_by_address(rate_limit_login="2/minute")
    _register(client_from("10.0.0.1"), "alice@example.com")
    assert _login(client_from("10.0.0.2"), "alice@example.com", "guess 1").status_code == 401
    # The email is normalised first: another spelling is the same account.
    assert _login(client_from("10.0.0.3"), " ALICE@example.com", "guess 2").status_code == 401
    _assert_rate_limited(_login(client_from("10.0.0.4"), "alice@example.com"))
    # Other accounts are not affected.
    assert _login(client_from("10.0.0.5"), "bob@example.com").status_code == 401


def test_the_address_limit_holds_across_accounts(make_clients_by_address):
    client_from = make_clients_by_address(rate_limit_login="2/minute")
    attacker = client_from("10.0.0.9")
    for n in range(2):
        assert _login(attacker, f"victim{n}@example.com").status_code == 401
    _assert_rate_limited(_login(attacker, "victim9@example.com"))
    # Another address still gets through.
    assert _login(client_from("10.0.0.10"), "victim9@example.com").status_code == 401


def test_register_is_limited_too(make_clients_by_address):
    client = make_clients_by_address(rate_limit_register="2/minute")("10.0.0.1")
    assert _register(client, "a@example.com").status_code == 201
    assert _register(client, "b@example.com").status_code == 201
    _assert_rate_limited(_register(client, "c@example.com"))


def test_invalid_requests_are_not_counted(make_clients_by_address):
    client = make_clients_by_address(rate_limit_login="1/minute")("10.0.0.1")
    for _ in range(3):
        assert_error(client.post(LOGIN, json={"email": "a@example.com"}), 400, "VALIDATION_ERROR")
    assert _login(client, "a@example.com").status_code == 401


def test_the_429_is_documented_with_retry_after(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in (LOGIN, REGISTER):
        response = paths[path]["post"]["responses"]["429"]
        assert response["headers"]["Retry-After"]["schema"]["type"] == "integer"


def test_redis_is_used_when_redis_url_is_set(settings):
    # Building the storage opens no connection, so no server is needed here.
    redis = AuthRateLimiter(settings.model_copy(update={"redis_url": "redis://127.0.0.1:6399/0"}))
    assert isinstance(redis.storage, RedisStorage)
    assert isinstance(AuthRateLimiter(settings).storage, MemoryStorage)


@pytest.mark.parametrize("value", ["", "often", "10 per fortnight"])
def test_a_bad_limit_stops_start_up(value):
    with pytest.raises(ValueError, match="rate_limit_login"):
        Settings(_env_file=None, rate_limit_login=value)


def test_keys_name_the_client_and_hide_the_email():
    assert client_key("203.0.113.7") == "203.0.113.7"
    assert client_key("::ffff:203.0.113.7") == "203.0.113.7"
    # Every address of one IPv6 /64 is one client.
    assert client_key("2001:db8::1") == client_key("2001:db8::ffff:1") == "2001:db8::/64"
    assert client_key(None) == "unknown"
    assert account_key(" Alice@Example.com") == account_key("alice@example.com")
    assert "alice" not in account_key("alice@example.com")
