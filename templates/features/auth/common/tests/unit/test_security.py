from datetime import timedelta

import jwt

from app.core.clock import utc_now
from app.core.security import (
    create_access_token,
    decode_access_token,
    hash_password,
    verify_password,
)

SECRET = "unit-test-secret-that-is-long-enough-000000"


def test_hash_and_verify():
    hashed = hash_password("s3cret-password", rounds=4)
    assert hashed.startswith("$2b$04$")
    assert verify_password("s3cret-password", hashed)
    assert not verify_password("wrong-password", hashed)


def test_too_long_password_never_verifies():
    password = "x" * 72
    hashed = hash_password(password, rounds=4)
    assert verify_password(password, hashed)
    assert not verify_password(password + "y", hashed)


def test_token_round_trip():
    token = create_access_token("42", SECRET, expires_minutes=5)
    assert decode_access_token(token, SECRET) == "42"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 300


def test_rejected_tokens():
    now = utc_now()
    unsigned = jwt.encode({"sub": "1", "iat": now, "exp": now + timedelta(minutes=5)}, None, "none")
    expired = jwt.encode({"sub": "1", "iat": now, "exp": now - timedelta(seconds=1)}, SECRET)
    no_iat = jwt.encode({"sub": "1", "exp": now + timedelta(minutes=5)}, SECRET)
    int_sub = jwt.encode({"sub": 1, "iat": now, "exp": now + timedelta(minutes=5)}, SECRET)
    for token in (unsigned, expired, no_iat, int_sub, "garbage", ""):
        assert decode_access_token(token, SECRET) is None
    valid = create_access_token("1", SECRET, 5)
    assert decode_access_token(valid, "another-secret-that-is-long-enough-00000") is None
