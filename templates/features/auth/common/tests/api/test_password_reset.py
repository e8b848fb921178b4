"""Password reset by email, through a real SMTP server on loopback: a 202 that tells
nothing, a single-use link that lasts 30 minutes, every session ended by the reset."""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from app.core import mail
from app.core.clock import utc_now
from app.core.security import token_digest
from app.repositories import password_reset_tokens as password_reset_tokens_repo
from tests.support.api import API, PASSWORD, assert_error, register
from tests.support.smtp import SmtpServer

NEW_PASSWORD = "a brand new password"
RESET = f"{API}/auth/password-reset"
CONFIRM = f"{API}/auth/password-reset/confirm"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_client(make_client, smtp):
    return make_client(smtp_url=smtp.url, mail_from="app@example.com")


def _token_in(message) -> str:
    found = re.search(r"token=([A-Za-z0-9_-]+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


def _login(client, email: str, password: str):
    return client.post(f"{API}/auth/login", json={"email": email, "password": password})


def test_a_known_address_gets_a_single_use_link(mail_client, smtp):
    user = register(mail_client, "alice@example.com", "Alice")
    session = _login(mail_client, user["email"], PASSWORD).json()["data"]
    response = mail_client.post(RESET, json={"email": " ALICE@example.com "})
    assert response.status_code == 202
    (message,) = smtp.inbox.wait_for(1)
    assert message["To"] == "alice@example.com" and message["From"] == "app@example.com"
    assert "30 minutes" in message.get_content()
    token = _token_in(message)

    confirmed = mail_client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})
    assert confirmed.status_code == 204 and confirmed.content == b""
    assert_error(_login(mail_client, user["email"], PASSWORD), 401, "UNAUTHORIZED")
    assert _login(mail_client, user["email"], NEW_PASSWORD).status_code == 200
    # Every session ended with the reset.
    refreshed = mail_client.post(
        f"{API}/auth/refresh", json={"refresh_token": session["refresh_token"]}
    )
    assert_error(refreshed, 401, "UNAUTHORIZED")
    # Single use.
    again = mail_client.post(CONFIRM, json={"token": token, "password": "yet another one"})
    assert [d["field"] for d in assert_error(again, 400, "VALIDATION_ERROR")["details"]] == [
        "token"
    ]


def test_an_unknown_address_gets_the_same_answer_and_no_email(mail_client, smtp):
    register(mail_client, "alice@example.com", "Alice")
    unknown = mail_client.post(RESET, json={"email": "nobody@example.com"})
    not_an_address = mail_client.post(RESET, json={"email": "not an address"})
    known = mail_client.post(RESET, json={"email": "alice@example.com"})
    assert unknown.status_code == not_an_address.status_code == known.status_code == 202
    assert unknown.json() == not_an_address.json() == known.json()
    # Mail leaves in order: once the known address's email is in, no other came first.
    (message,) = smtp.inbox.wait_for(1)
    assert message["To"] == "alice@example.com"


def test_a_reset_request_is_checked_like_any_body(client):
    for body in ({}, {"email": 5}, {"email": "a@example.com", "extra": 1}):
        assert_error(client.post(RESET, json=body), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("token", ["", "unknown", "x" * 500])
def test_an_unknown_token_is_a_400_on_token(client, token):
    response = client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})
    error = assert_error(response, 400, "VALIDATION_ERROR")
    assert [detail["field"] for detail in error["details"]] == ["token"]


def test_an_expired_token_is_a_400_on_token(client, user, database):
    with database.session(write=True) as db:
        password_reset_tokens_repo.create(
            db,
            user_id=user["id"],
            token_hash=token_digest("an expired token"),
            expires_at=utc_now() - timedelta(seconds=1),
        )
        db.commit()
    response = client.post(CONFIRM, json={"token": "an expired token", "password": NEW_PASSWORD})
    assert_error(response, 400, "VALIDATION_ERROR")
    assert _login(client, user["email"], PASSWORD).status_code == 200


@pytest.mark.parametrize("password", ["short", "x" * 257, 12345678])
def test_the_new_password_follows_the_password_rules(client, password):
    response = client.post(CONFIRM, json={"token": "t", "password": password})
    assert_error(response, 400, "VALIDATION_ERROR")


def test_without_smtp_outside_production_the_email_is_printed_not_logged(
    make_client, capsys, caplog
):
    # The tests run outside production, where a missing SMTP_URL prints the email.
    client = make_client(smtp_url="")
    register(client, "alice@example.com", "Alice")
    assert client.post(RESET, json={"email": "alice@example.com"}).status_code == 202
    mail.flush()
    printed = capsys.readouterr().err
    token = re.search(r"token=([A-Za-z0-9_-]+)", printed)
    assert token, printed
    assert token.group(1) not in caplog.text
