"""Sessions: login gives a pair, a refresh token buys the next pair once, a reuse ends
the whole login, logout ends one session, logout-all and a password change end them all."""

from datetime import timedelta

import pytest

from app.core.clock import utc_now
from app.core.security import token_digest
from app.repositories import refresh_tokens as refresh_tokens_repo
from tests.support.api import API, PASSWORD, assert_error

NEW_PASSWORD = "another long password"


def _login(client, email: str, password: str = PASSWORD) -> dict:
    response = client.post(f"{API}/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def _refresh(client, refresh_token: str):
    return client.post(f"{API}/auth/refresh", json={"refresh_token": refresh_token})


def _bearer(pair: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def _expired_refresh_token(database, user_id: int, name: str) -> None:
    with database.session(write=True) as db:
        refresh_tokens_repo.create(
            db,
            user_id=user_id,
            family=name,
            token_hash=token_digest(name),
            expires_at=utc_now() - timedelta(seconds=1),
        )
        db.commit()


def _stored(database, name: str):
    with database.session(write=False) as db:
        return refresh_tokens_repo.get_by_hash(db, token_digest(name))


def test_login_answers_a_token_pair(client, user):
    pair = _login(client, user["email"])
    assert pair["expires_in"] == 15 * 60 and pair["refresh_expires_in"] == 14 * 24 * 3600
    assert len(pair["refresh_token"]) >= 43  # 32 random bytes, URL-safe base64
    assert pair["refresh_token"] != _login(client, user["email"])["refresh_token"]


def test_only_the_tokens_digest_is_stored(client, user, database):
    refresh_token = _login(client, user["email"])["refresh_token"]
    with database.session(write=False) as db:
        stored = refresh_tokens_repo.get_by_hash(db, token_digest(refresh_token))
        assert stored is not None and stored.token_hash != refresh_token
        assert refresh_tokens_repo.get_by_hash(db, refresh_token) is None


def test_a_refresh_token_buys_one_new_pair(client, user):
    first = _login(client, user["email"])
    response = _refresh(client, first["refresh_token"])
    assert response.status_code == 200
    second = response.json()["data"]
    assert second["refresh_token"] != first["refresh_token"]
    me = client.get(f"{API}/auth/me", headers=_bearer(second))
    assert me.json()["data"]["id"] == user["id"]
    assert _refresh(client, second["refresh_token"]).status_code == 200


def test_a_reused_refresh_token_ends_its_whole_login(client, user):
    first = _login(client, user["email"])
    second = _refresh(client, first["refresh_token"]).json()["data"]
    other_login = _login(client, user["email"])
    # The first token again: copied by someone. Its family goes, the newest token too.
    assert_error(_refresh(client, first["refresh_token"]), 401, "UNAUTHORIZED")
    assert_error(_refresh(client, second["refresh_token"]), 401, "UNAUTHORIZED")
    # Another login is another family, untouched.
    assert _refresh(client, other_login["refresh_token"]).status_code == 200


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 5000, "é"])
def test_unknown_refresh_tokens_are_401_with_one_message(client, user, token):
    response = _refresh(client, token)
    assert_error(response, 401, "UNAUTHORIZED")
    assert response.json()["error"]["message"] == "Invalid or expired refresh token"


def test_an_expired_refresh_token_is_401(client, user, database):
    _expired_refresh_token(database, user["id"], "an expired token")
    response = _refresh(client, "an expired token")
    assert_error(response, 401, "UNAUTHORIZED")
    assert response.json()["error"]["message"] == "Invalid or expired refresh token"


def test_a_refresh_body_is_checked_like_any_body(client):
    for body in ({}, {"refresh_token": 5}, {"refresh_token": "x", "extra": 1}):
        response = client.post(f"{API}/auth/refresh", json=body)
        assert_error(response, 400, "VALIDATION_ERROR")


def test_logout_ends_that_session_only(client, user):
    one, two = _login(client, user["email"]), _login(client, user["email"])
    response = client.post(
        f"{API}/auth/logout", json={"refresh_token": one["refresh_token"]}, headers=_bearer(one)
    )
    assert response.status_code == 204 and response.content == b""
    assert_error(_refresh(client, one["refresh_token"]), 401, "UNAUTHORIZED")
    assert _refresh(client, two["refresh_token"]).status_code == 200


def test_logout_with_someone_elses_or_an_unknown_token_changes_nothing(client, user, other_user):
    mine, theirs = _login(client, user["email"]), _login(client, other_user["email"])
    for token in (theirs["refresh_token"], "unknown"):
        response = client.post(
            f"{API}/auth/logout", json={"refresh_token": token}, headers=_bearer(mine)
        )
        assert response.status_code == 204
    assert _refresh(client, theirs["refresh_token"]).status_code == 200


def test_logout_needs_a_token(client):
    assert_error(
        client.post(f"{API}/auth/logout", json={"refresh_token": "x"}), 401, "UNAUTHORIZED"
    )
    assert_error(client.post(f"{API}/auth/logout-all"), 401, "UNAUTHORIZED")
    assert_error(
        client.put(f"{API}/auth/password", json={"current_password": "x"}), 401, "UNAUTHORIZED"
    )


def test_logout_all_ends_every_session(client, user, other_user):
    one, two = _login(client, user["email"]), _login(client, user["email"])
    theirs = _login(client, other_user["email"])
    assert client.post(f"{API}/auth/logout-all", headers=_bearer(one)).status_code == 204
    for pair in (one, two):
        assert_error(_refresh(client, pair["refresh_token"]), 401, "UNAUTHORIZED")
    assert _refresh(client, theirs["refresh_token"]).status_code == 200


def test_a_password_change_ends_every_session(client, user):
    one, two = _login(client, user["email"]), _login(client, user["email"])
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = client.put(f"{API}/auth/password", json=body, headers=_bearer(one))
    assert response.status_code == 204 and response.content == b""
    for pair in (one, two):
        assert_error(_refresh(client, pair["refresh_token"]), 401, "UNAUTHORIZED")
    old = client.post(f"{API}/auth/login", json={"email": user["email"], "password": PASSWORD})
    assert_error(old, 401, "UNAUTHORIZED")
    assert _login(client, user["email"], NEW_PASSWORD)["access_token"]


def test_a_wrong_current_password_is_a_400_on_that_field(client, user, auth_headers):
    body = {"current_password": "not my password", "new_password": NEW_PASSWORD}
    response = client.put(f"{API}/auth/password", json=body, headers=auth_headers)
    error = assert_error(response, 400, "VALIDATION_ERROR")
    assert [detail["field"] for detail in error["details"]] == ["current_password"]
    assert _login(client, user["email"])["access_token"]


@pytest.mark.parametrize("new_password", ["short", "x" * 257, 12345678])
def test_the_new_password_follows_the_password_rules(client, auth_headers, new_password):
    body = {"current_password": PASSWORD, "new_password": new_password}
    response = client.put(f"{API}/auth/password", json=body, headers=auth_headers)
    assert_error(response, 400, "VALIDATION_ERROR")


def test_deleting_an_account_takes_its_sessions(client, user, auth_headers, database):
    refresh_token = _login(client, user["email"])["refresh_token"]
    assert client.delete(f"{API}/users/{user['id']}", headers=auth_headers).status_code == 204
    with database.session(write=False) as db:
        assert refresh_tokens_repo.get_by_hash(db, token_digest(refresh_token)) is None
    assert_error(_refresh(client, refresh_token), 401, "UNAUTHORIZED")


def test_a_login_deletes_the_users_expired_tokens_only(client, user, other_user, database):
    _expired_refresh_token(database, user["id"], "user's old token")
    _expired_refresh_token(database, other_user["id"], "other's old token")
    kept = _login(client, user["email"])["refresh_token"]
    _login(client, user["email"])
    assert _stored(database, "user's old token") is None
    assert _stored(database, "other's old token") is not None
    assert _stored(database, kept) is not None  # live tokens stay, of course
