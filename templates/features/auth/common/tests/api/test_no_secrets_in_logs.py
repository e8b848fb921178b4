"""Passwords, tokens, Authorization headers and password hashes never reach the logs,
even at DEBUG, from any logger (the app's, the server's, the database driver's), in
either LOG_FORMAT."""

import re

import pytest

from app.core import mail
from tests.support.api import API, item_body, login_headers, register
from tests.support.logs import captured_log
from tests.support.smtp import SmtpServer

PASSWORD = "log-canary-password-5f1c"
CHANGED = "log-canary-changed-9e2d"
RESET = "log-canary-reset-0b7a"


def _assert_absent(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
    assert "$2b$" not in text  # a bcrypt hash
    assert "authorization" not in text.lower()


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_register_login_and_authenticated_requests(client, log_format):
    with captured_log(log_format) as log:
        register(client, "logs@example.com", password=PASSWORD)
        headers = login_headers(client, "logs@example.com", PASSWORD)
        client.get(f"{API}/auth/me", headers=headers)
        client.post(f"{API}/items", json=item_body(), headers=headers)
        wrong = {"email": "logs@example.com", "password": PASSWORD + "!"}
        client.post(f"{API}/auth/login", json=wrong)
        client.post(
            f"{API}/auth/register",
            json={"email": "logs@example.com", "password": PASSWORD, "name": "Again"},
        )
    assert log.getvalue(), "nothing was logged: the check would prove nothing"
    token = headers["Authorization"].removeprefix("Bearer ")
    _assert_absent(log.getvalue(), PASSWORD, token)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_sessions_password_changes_and_resets(make_client, log_format):
    smtp = SmtpServer()
    smtp.start()
    client = make_client(smtp_url=smtp.url)
    register(client, "logs@example.com", password=PASSWORD)
    with captured_log(log_format) as log:
        login = {"email": "logs@example.com", "password": PASSWORD}
        first = client.post(f"{API}/auth/login", json=login).json()["data"]
        refresh = {"refresh_token": first["refresh_token"]}
        second = client.post(f"{API}/auth/refresh", json=refresh).json()["data"]
        client.post(f"{API}/auth/refresh", json=refresh)  # a reuse, revoking the family
        headers = {"Authorization": f"Bearer {second['access_token']}"}
        client.post(f"{API}/auth/logout", json={"refresh_token": "x"}, headers=headers)
        change = {"current_password": PASSWORD, "new_password": CHANGED}
        client.put(f"{API}/auth/password", json=change, headers=headers)
        client.post(f"{API}/auth/password-reset", json={"email": "logs@example.com"})
        (email,) = smtp.inbox.wait_for(1)
        mail.flush()
        found = re.search(r"token=([A-Za-z0-9_-]+)", email.get_content())
        assert found
        confirm = {"token": found.group(1), "password": RESET}
        client.post(f"{API}/auth/password-reset/confirm", json=confirm)
    smtp.stop()
    assert log.getvalue(), "nothing was logged: the check would prove nothing"
    secrets = [PASSWORD, CHANGED, RESET, found.group(1)]
    secrets += [pair[key] for pair in (first, second) for key in ("access_token", "refresh_token")]
    _assert_absent(log.getvalue(), *secrets)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_an_unexpected_500(failing_client, log_format):
    token = "eyJhbGciOiJIUzI1NiJ9.log-canary-token.c2lnbmF0dXJl"
    with captured_log(log_format) as log:
        response = failing_client.get(
            f"{API}/test-crash",
            params={"note": "x"},
            headers={"Authorization": f"Bearer {token}", "X-Request-ID": "crash-logs"},
        )
    assert response.status_code == 500
    assert "Traceback" in log.getvalue() and "crash-logs" in log.getvalue()  # logged...
    _assert_absent(log.getvalue(), token)  # ...without the request's credentials
