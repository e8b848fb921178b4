from datetime import timedelta

import bcrypt
import jwt

from app.core.clock import utc_now
from app.core.security import (
    SCHEME,
    create_access_token,
    decode_access_token,
    hash_password,
    needs_rehash,
    verify_password,
)

SECRET = "unit-test-secret-that-is-long-enough-000000"


def test_hash_and_verify():
    hashed = hash_password("s3cret-password", rounds=4)
    assert hashed.startswith(f"{SCHEME}$2b$04$")
    assert verify_password("s3cret-password", hashed)
    assert not verify_password("wrong-password", hashed)


def test_every_character_of_a_long_password_counts():
    # Plain bcrypt would see only the first 72 bytes: these two would be one password.
    password = "é" * 255 + "a"
    hashed = hash_password(password, rounds=4)
    assert verify_password(password, hashed)
    assert not verify_password("é" * 255 + "b", hashed)
    assert not verify_password("é" * 255, hashed)


def _legacy_hash(password: str) -> str:
    """What 0.1.0 stored: bcrypt of the password itself."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode()


def test_a_plain_bcrypt_hash_from_0_1_0_still_verifies():
    hashed = _legacy_hash("old password")
    assert verify_password("old password", hashed)
    assert not verify_password("old passwork", hashed)


def test_a_plain_bcrypt_hash_never_matches_on_its_first_72_bytes_alone():
    hashed = _legacy_hash("x" * 72)
    assert verify_password("x" * 72, hashed)
    assert not verify_password("x" * 72 + "y", hashed)


def test_an_unknown_scheme_never_verifies():
    assert not verify_password("anything", "md5$abc")
    assert not verify_password("anything", "")


def test_old_schemes_and_other_costs_need_a_rehash():
    assert needs_rehash(_legacy_hash("old password"), rounds=4)
    assert needs_rehash(hash_password("password", rounds=5), rounds=4)
    assert not needs_rehash(hash_password("password", rounds=4), rounds=4)


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
