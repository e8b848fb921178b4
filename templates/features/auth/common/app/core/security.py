"""Password hashing (bcrypt over SHA-256) and access tokens (JWT, HS256)."""

import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache

import bcrypt
import jwt

from app.core.clock import utc_now

ALGORITHM = "HS256"
# bcrypt reads at most 72 bytes, so a long password would be cut silently. Hashing it
# first with SHA-256 keeps every character; the hex digest (64 bytes) has no NUL byte,
# which bcrypt would also stop at. The scheme and its marker are Django's
# BCryptSHA256PasswordHasher's.
SCHEME = "bcrypt_sha256$"
# What 0.1.0 stored: bcrypt of the password itself ("$2b$..."). Still verified, and
# replaced at the next successful login (see needs_rehash).
_LEGACY_PREFIX = "$2"
_BCRYPT_MAX_BYTES = 72
REFRESH_TOKEN_BYTES = 32


def _prehash(password: str) -> bytes:
    return hashlib.sha256(password.encode()).hexdigest().encode()


def hash_password(password: str, rounds: int) -> str:
    return SCHEME + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    if password_hash.startswith(SCHEME):
        return bcrypt.checkpw(_prehash(password), password_hash.removeprefix(SCHEME).encode())
    if password_hash.startswith(_LEGACY_PREFIX):
        encoded = password.encode()
        # Still pay for one check so the answer takes as long as for any other wrong
        # password, but never accept a match on the first 72 bytes alone.
        matches = bcrypt.checkpw(encoded[:_BCRYPT_MAX_BYTES], password_hash.encode())
        return matches and len(encoded) <= _BCRYPT_MAX_BYTES
    return False


def needs_rehash(password_hash: str, rounds: int) -> bool:
    """Whether a hash that just verified should be stored again: an older scheme, or a
    cost other than the configured one."""
    if not password_hash.startswith(SCHEME):
        return True
    return not password_hash.removeprefix(SCHEME).startswith(f"$2b${rounds:02d}$")


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


def new_opaque_token() -> tuple[str, str]:
    """A refresh or reset token (opaque, URL-safe, 256 random bits) and the digest that is
    stored of it."""
    token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    """What is stored of an opaque random token. A fast hash is enough for 256 random bits:
    unlike a password, nothing about it can be guessed."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token_family() -> str:
    return secrets.token_hex(16)
