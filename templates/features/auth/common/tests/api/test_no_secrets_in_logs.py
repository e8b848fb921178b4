"""Passwords, tokens, Authorization headers and password hashes never reach the logs,
even at DEBUG, from any logger (the app's, the server's, the database driver's)."""

import logging

from tests.support.api import API, item_body, login_headers, register

PASSWORD = "log-canary-password-5f1c"


def _assert_absent(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
    assert "$2b$" not in text  # a bcrypt hash
    assert "authorization" not in text.lower()


def test_register_login_and_authenticated_requests(client, caplog):
    caplog.set_level(logging.DEBUG)
    register(client, "logs@example.com", password=PASSWORD)
    headers = login_headers(client, "logs@example.com", PASSWORD)
    client.get(f"{API}/auth/me", headers=headers)
    client.post(f"{API}/items", json=item_body(), headers=headers)
    client.post(f"{API}/auth/login", json={"email": "logs@example.com", "password": PASSWORD + "!"})
    client.post(
        f"{API}/auth/register",
        json={"email": "logs@example.com", "password": PASSWORD, "name": "Again"},
    )
    assert caplog.records, "nothing was logged: the check would prove nothing"
    token = headers["Authorization"].removeprefix("Bearer ")
    _assert_absent(caplog.text, PASSWORD, token)


def test_an_unexpected_500(failing_client, caplog):
    caplog.set_level(logging.DEBUG)
    token = "eyJhbGciOiJIUzI1NiJ9.log-canary-token.c2lnbmF0dXJl"
    response = failing_client.get(
        f"{API}/test-crash",
        params={"note": "x"},
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "crash-logs"},
    )
    assert response.status_code == 500
    assert "crash-logs" in caplog.text  # the traceback was logged...
    _assert_absent(caplog.text, token)  # ...without the request's credentials
