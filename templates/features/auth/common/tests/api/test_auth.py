import base64
import json
from datetime import timedelta

import jwt
import pytest

from app.core.clock import utc_now
from tests.support.api import API, PASSWORD, TEST_SECRET, assert_error, login_headers, register


def test_register_returns_the_users_own_form_as_a_plain_user(client):
    response = client.post(
        f"{API}/auth/register",
        json={"email": "  New.User@Example.COM ", "password": PASSWORD, "name": "New"},
    )
    assert response.status_code == 201
    user = response.json()["data"]
    assert set(user) == {"id", "email", "name", "role", "created_at"}
    assert user["email"] == "new.user@example.com" and user["role"] == "user"
    assert "password" not in response.text and "$2b$" not in response.text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": 5}, "email"),
        ({"password": "x" * 7}, "password"),
        ({"password": "x" * 257}, "password"),
        ({"password": "é" * 257}, "password"),
        ({"password": "pass\x00word"}, "password"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "nul\x00"}, "name"),
        ({"role": "admin"}, "role"),
        ({"id": 1}, "id"),
    ],
)
def test_register_rejects_invalid_fields(client, changes, field):
    body = {"email": "a@example.com", "password": PASSWORD, "name": "A", **changes}
    error = assert_error(client.post(f"{API}/auth/register", json=body), 400, "VALIDATION_ERROR")
    assert error["details"][0]["field"] == field


@pytest.mark.parametrize("password", ["x" * 8, "é" * 256, "пароль-ключ-🔑" * 18])
def test_passwords_of_8_to_256_characters_are_used_whole(client, password):
    register(client, "unicode@example.com", password=password)
    assert login_headers(client, "unicode@example.com", password)
    # One character changed at the end: bcrypt alone would never see it past 72 bytes.
    wrong = {"email": "unicode@example.com", "password": password[:-1] + "!"}
    assert_error(client.post(f"{API}/auth/login", json=wrong), 401, "UNAUTHORIZED")


def test_the_document_counts_password_length_in_characters_as_the_server_does(client):
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    password = schemas["UserCreate"]["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (8, 256)


BUCHER = "x@bücher.de"
JOSE_NFC, JOSE_NFD = "jos\u00e9@example.com", "jose\u0301@example.com"


@pytest.mark.parametrize(
    ("registered", "stored", "logins"),
    [
        ("x@xn--bcher-kva.de", BUCHER, [BUCHER, "X@BÜCHER.DE"]),
        ("X@BÜCHER.DE", BUCHER, ["x@xn--bcher-kva.de", " x@Bücher.de "]),
        (JOSE_NFD, JOSE_NFC, [JOSE_NFC, JOSE_NFD.upper()]),
    ],
)
def test_one_account_per_address_however_it_is_spelled(client, registered, stored, logins):
    assert register(client, registered)["email"] == stored
    for email in [registered, *logins]:
        assert login_headers(client, email)
        again = {"email": email, "password": PASSWORD, "name": "Twin"}
        assert_error(client.post(f"{API}/auth/register", json=again), 409, "CONFLICT")


def test_register_duplicate_email_in_any_case_is_409(client, user):
    body = {"email": "ALICE@example.com", "password": PASSWORD, "name": "Other"}
    assert_error(client.post(f"{API}/auth/register", json=body), 409, "CONFLICT")


def test_register_missing_body_is_400(client):
    assert_error(client.post(f"{API}/auth/register"), 400, "VALIDATION_ERROR")


def test_login_returns_a_bearer_token(client, user):
    response = client.post(
        f"{API}/auth/login", json={"email": " ALICE@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["token_type"] == "bearer" and data["expires_in"] == 900
    me = client.get(f"{API}/auth/me", headers={"Authorization": f"Bearer {data['access_token']}"})
    assert me.json()["data"] == user


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "alice@example.com", "password": "wrong password"},
        {"email": "nobody@example.com", "password": PASSWORD},
        {"email": "alice@example.com", "password": "x" * 200},
        {"email": "not an email", "password": "x"},
    ],
)
def test_bad_credentials_are_401_with_one_message(client, user, credentials):
    error = assert_error(client.post(f"{API}/auth/login", json=credentials), 401, "UNAUTHORIZED")
    assert error["message"] == "Invalid email or password"


@pytest.mark.parametrize(
    "body",
    [{}, {"email": "alice@example.com"}, {"password": PASSWORD}, {"email": 1, "password": 2}],
)
def test_login_needs_email_and_password_strings(client, body):
    assert_error(client.post(f"{API}/auth/login", json=body), 400, "VALIDATION_ERROR")


def test_me_returns_the_current_user(client, user, auth_headers):
    response = client.get(f"{API}/auth/me", headers=auth_headers)
    assert response.status_code == 200
    assert response.json()["data"] == user


def _token(secret: str = TEST_SECRET, algorithm: str = "HS256", **claims) -> str:
    now = utc_now()
    payload = {"sub": "1", "iat": now, "exp": now + timedelta(minutes=5), **claims}
    payload = {key: value for key, value in payload.items() if value is not None}
    return jwt.encode(payload, secret, algorithm=algorithm)


def _forged_payload(payload: str) -> str:
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = str(int(claims["sub"]) + 1)
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")


def _unsigned(sub: str) -> str:
    return jwt.encode(
        {"sub": sub, "iat": utc_now(), "exp": utc_now() + timedelta(minutes=5)},
        None,
        algorithm="none",
    )


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Bearer garbage",
        # What werkzeug reads as parameters, not a token: judged all the same.
        "Bearer a=b",
        "Bearer {expired}, realm=x",
        "Basic YWxpY2U6cGFzcw==",
        "Bearer {unsigned}",
        "Bearer {tampered}",
        "Bearer {expired}",
        "Bearer {wrong_secret}",
        "Bearer {unknown_user}",
        "Bearer {no_exp}",
        "Bearer {bad_sub}",
    ],
)
def test_me_rejects_bad_tokens(client, user, auth_headers, authorization):
    sub = str(user["id"])
    valid = auth_headers["Authorization"].removeprefix("Bearer ")
    header, payload, signature = valid.split(".")
    tokens = {
        "unsigned": _unsigned(sub),
        "tampered": f"{header}.{_forged_payload(payload)}.{signature}",
        "expired": _token(sub=sub, exp=utc_now() - timedelta(seconds=5)),
        "wrong_secret": _token(secret="another-secret-that-is-long-enough-000000", sub=sub),
        "unknown_user": _token(sub="999999"),
        "no_exp": _token(sub=sub, exp=None),
        "bad_sub": _token(sub="99999999999999999999999"),
    }
    headers = {} if authorization is None else {"Authorization": authorization.format(**tokens)}
    response = client.get(f"{API}/auth/me", headers=headers)
    assert_error(response, 401, "UNAUTHORIZED")
    assert response.headers["www-authenticate"] == "Bearer"
