"""Registration, login and token resolution. Framework-agnostic."""

from app.core.config import Settings
from app.core.db import DbSession
from app.core.errors import Unauthorized
from app.core.ids import to_id
from app.core.security import (
    create_access_token,
    decode_access_token,
    dummy_hash,
    hash_password,
    verify_password,
)
from app.models.user import User
from app.repositories import users as users_repo
from app.schemas.auth import LoginRequest, Token
from app.schemas.user import UserCreate, normalise_email

# One message for unknown email and wrong password: the answer must not tell which.
INVALID_CREDENTIALS = "Invalid email or password"
# A message, not a secret: ruff (S105) and bandit (B105) are told so on its line.
INVALID_TOKEN = "Invalid or expired access token"  # noqa: S105  # nosec B105


def register(db: DbSession, data: UserCreate, settings: Settings) -> User:
    password_hash = hash_password(data.password, settings.bcrypt_rounds)
    user = users_repo.create(db, email=data.email, name=data.name, password_hash=password_hash)
    db.commit()
    return user


def login(db: DbSession, data: LoginRequest, settings: Settings) -> Token:
    user = users_repo.get_by_email(db, str(normalise_email(data.email)))
    # Verify against a dummy hash for unknown users so both failures take as long.
    password_hash = user.password_hash if user else dummy_hash(settings.bcrypt_rounds)
    if not verify_password(data.password, password_hash) or user is None:
        raise Unauthorized(INVALID_CREDENTIALS)
    minutes = settings.access_token_expire_minutes
    token = create_access_token(str(user.id), settings.secret_key, minutes)
    return Token(access_token=token, expires_in=minutes * 60)


def user_from_token(db: DbSession, token: str | None, settings: Settings) -> User:
    if not token:
        raise Unauthorized("Not authenticated")
    subject = decode_access_token(token, settings.secret_key)
    user_id = to_id(subject) if subject is not None else None
    user = users_repo.get(db, user_id) if user_id is not None else None
    if user is None:
        raise Unauthorized(INVALID_TOKEN)
    return user
