"""Password hashing (bcrypt) and access tokens (JWT, HS256)."""

from datetime import timedelta
from functools import lru_cache

import bcrypt
import jwt

from app.core.clock import utc_now

ALGORITHM = "HS256"
BCRYPT_MAX_BYTES = 72


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    encoded = password.encode()
    if len(encoded) > BCRYPT_MAX_BYTES:
        # bcrypt refuses these; still pay for one check so the answer takes as long
        # as for any other wrong password, but never accept a truncated match.
        bcrypt.checkpw(encoded[:BCRYPT_MAX_BYTES], password_hash.encode())
        return False
    return bcrypt.checkpw(encoded, password_hash.encode())


@lru_cache
def dummy_hash(rounds: int) -> str:
    """A hash to verify against when the user does not exist, so timing reveals nothing."""
    return hash_password("not-a-real-password", rounds)


def create_access_token(subject: str, secret: str, expires_minutes: int) -> str:
    now = utc_now()
    claims = {"sub": subject, "iat": now, "exp": now + timedelta(minutes=expires_minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, secret: str) -> str | None:
    """The token's subject, or None for any token that is not valid in every respect."""
    try:
        claims = jwt.decode(
            token,
            secret,
            # Pinned: never let the token's own header pick the algorithm ("none").
            algorithms=[ALGORITHM],
            options={"require": ["sub", "iat", "exp"]},
        )
    except jwt.PyJWTError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None
