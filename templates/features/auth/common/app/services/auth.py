"""Registration, login and token resolution. Framework-agnostic."""

from app.core.config import Settings
from app.core.db import Database, DbSession
from app.core.emails import normalise_email
from app.core.errors import Unauthorized
from app.core.ids import to_id
from app.core.security import (
    create_access_token,
    decode_access_token,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.models.user import User
from app.repositories import users as users_repo
from app.schemas.auth import LoginRequest, Token
from app.schemas.user import UserCreate

# One message for unknown email and wrong password: the answer must not tell which.
INVALID_CREDENTIALS = "Invalid email or password"
# A message, not a secret: ruff (S105) and bandit (B105) are told so on its line.
INVALID_TOKEN = "Invalid or expired access token"  # noqa: S105  # nosec B105


def register(db: DbSession, data: UserCreate, settings: Settings) -> User:
    password_hash = hash_password(data.password, settings.bcrypt_rounds)
    user = users_repo.create(db, email=data.email, name=data.name, password_hash=password_hash)
    db.commit()
    return user


def login(database: Database, data: LoginRequest, settings: Settings) -> Token:
    """Sessions of its own, each short: the slow password check holds no transaction."""
    rounds = settings.bcrypt_rounds
    try:
        email: str | None = normalise_email(data.email)
    except ValueError:
        email = None  # not an address: no such user, but the same work and answer
    with database.session(write=False) as db:
        user = users_repo.get_by_email(db, email) if email is not None else None
    # Verify against a dummy hash for unknown users so both failures take as long.
    password_hash = user.password_hash if user else dummy_hash(rounds)
    if not verify_password(data.password, password_hash) or user is None:
        raise Unauthorized(INVALID_CREDENTIALS)
    if needs_rehash(user.password_hash, rounds):
        # An older scheme (0.1.0's plain bcrypt) or cost: the password is known right
        # now, and only now, so this is when it can be stored the current way.
        new_hash = hash_password(data.password, rounds)
        with database.session(write=True) as db:
            users_repo.set_password_hash(db, user.id, new_hash)
            db.commit()
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
