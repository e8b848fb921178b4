"""Registration, login, sessions (refresh tokens) and token resolution. Framework-agnostic."""

from datetime import timedelta

from app.core import mail
from app.core.clock import utc_now
from app.core.config import Settings
from app.core.db import Database, DbSession
from app.core.emails import normalise_email
from app.core.errors import Unauthorized, ValidationError
from app.core.ids import to_id
from app.core.security import (
    create_access_token,
    decode_access_token,
    dummy_hash,
    hash_password,
    needs_rehash,
    new_opaque_token,
    new_token_family,
    token_digest,
    verify_password,
)
from app.models.user import User
from app.repositories import password_reset_tokens as password_reset_tokens_repo
from app.repositories import refresh_tokens as refresh_tokens_repo
from app.repositories import users as users_repo
from app.schemas.auth import LoginRequest, PasswordChange, PasswordResetConfirm, Token
from app.schemas.user import UserCreate

# One message for unknown email and wrong password: the answer must not tell which.
INVALID_CREDENTIALS = "Invalid email or password"
# A message, not a secret: ruff (S105) and bandit (B105) are told so on its line.
INVALID_TOKEN = "Invalid or expired access token"  # noqa: S105  # nosec B105
INVALID_REFRESH_TOKEN = "Invalid or expired refresh token"  # noqa: S105  # nosec B105
INVALID_RESET_TOKEN = "Invalid, used or expired reset token"  # noqa: S105  # nosec B105
RESET_SUBJECT = "Reset your password"


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
    new_hash = None
    if needs_rehash(user.password_hash, rounds):
        # An older scheme (0.1.0's plain bcrypt) or cost: the password is known right
        # now, and only now, so this is when it can be stored the current way.
        new_hash = hash_password(data.password, rounds)
    with database.session(write=True) as db:
        if new_hash is not None:
            users_repo.set_password_hash(db, user.id, new_hash)
        # Each login adds a token; the user's expired ones go, so their rows stay few.
        _delete_expired_tokens(db, user.id)
        token = _token_pair(db, user.id, new_token_family(), settings)
        db.commit()
    return token


def refresh(db: DbSession, refresh_token: str, settings: Settings) -> Token:
    """The next pair for a live refresh token, which is revoked: each one buys one pair.

    A revoked token presented again was copied, or its pair was: the whole family (every
    token rotated from the same login) is revoked, so whoever holds the newest one must
    log in again too.
    """
    now = utc_now()
    found = refresh_tokens_repo.get_by_hash(db, token_digest(refresh_token))
    if found is None or found.expires_at <= now:
        raise Unauthorized(INVALID_REFRESH_TOKEN)
    # Conditional: of two requests presenting the token at once, one rotates it and the
    # other is a reuse.
    if found.revoked_at is not None or not refresh_tokens_repo.revoke(db, found.id, now):
        refresh_tokens_repo.revoke_family(db, found.family, now)
        db.commit()
        raise Unauthorized(INVALID_REFRESH_TOKEN)
    token = _token_pair(db, found.user_id, found.family, settings)
    db.commit()
    return token


def logout(db: DbSession, refresh_token: str, user: User) -> None:
    """Revoke the caller's own refresh token; anything else changes nothing, silently."""
    found = refresh_tokens_repo.get_by_hash(db, token_digest(refresh_token))
    if found is not None and found.user_id == user.id:
        refresh_tokens_repo.revoke(db, found.id, utc_now())
        db.commit()


def logout_all(db: DbSession, user: User) -> None:
    refresh_tokens_repo.revoke_all_of_user(db, user.id, utc_now())
    db.commit()


def change_password(
    database: Database, user: User, data: PasswordChange, settings: Settings
) -> None:
    """Both slow hashes before the write session, which holds SQLite's write lock. Every
    session (refresh token) and reset link of the user ends; access tokens run out on
    their own."""
    if not verify_password(data.current_password, user.password_hash):
        details = [{"field": "current_password", "message": "is not the current password"}]
        raise ValidationError("Current password is incorrect", details)
    new_hash = hash_password(data.new_password, settings.bcrypt_rounds)
    now = utc_now()
    with database.session(write=True) as db:
        users_repo.set_password_hash(db, user.id, new_hash)
        refresh_tokens_repo.revoke_all_of_user(db, user.id, now)
        # A reset link mailed before the change must not undo it.
        password_reset_tokens_repo.use_all_of_user(db, user.id, now)
        db.commit()


def request_password_reset(database: Database, email: str, settings: Settings) -> None:
    """Queue the reset on the outbox thread. The routes call this once their answer (202)
    has gone, so the look-up, the token and the email cannot change its timing: it is
    the same for every address."""
    mail.later(_send_reset_link, database, email, settings)


def _send_reset_link(database: Database, email: str, settings: Settings) -> None:
    try:
        address = normalise_email(email)
    except ValueError:
        return
    token, digest = new_opaque_token()
    minutes = settings.password_reset_expire_minutes
    with database.session(write=True) as db:
        user = users_repo.get_by_email(db, address)
        if user is None:
            return
        expires_at = utc_now() + timedelta(minutes=minutes)
        password_reset_tokens_repo.create(
            db, user_id=user.id, token_hash=digest, expires_at=expires_at
        )
        db.commit()
    link = settings.password_reset_url.replace("{token}", token)
    body = (
        f"Hello {user.name},\n\nTo choose a new password, open this link within {minutes} "
        f"minutes:\n\n{link}\n\nIf you did not ask for this, ignore this email: your "
        "password stays as it is.\n"
    )
    mail.send(settings, user.email, RESET_SUBJECT, body)


def confirm_password_reset(
    database: Database, data: PasswordResetConfirm, settings: Settings
) -> None:
    """Set the new password and end every session. The slow hash comes first, outside the
    write session, and is spent on bad tokens too."""
    new_hash = hash_password(data.password, settings.bcrypt_rounds)
    now = utc_now()
    with database.session(write=True) as db:
        found = password_reset_tokens_repo.get_by_hash(db, token_digest(data.token))
        live = found is not None and found.used_at is None and found.expires_at > now
        if found is None or not live or not password_reset_tokens_repo.use(db, found.id, now):
            details = [{"field": "token", "message": "is invalid, used or expired"}]
            raise ValidationError(INVALID_RESET_TOKEN, details)
        users_repo.set_password_hash(db, found.user_id, new_hash)
        password_reset_tokens_repo.use_all_of_user(db, found.user_id, now)
        refresh_tokens_repo.revoke_all_of_user(db, found.user_id, now)
        db.commit()


def purge_expired_tokens(db: DbSession) -> int:
    """Delete everyone's expired refresh and reset tokens; returns how many. A login
    deletes its own user's; this (`python -m app.cli purge-expired-tokens`, daily from
    cron or a scheduler) takes care of the users who do not come back."""
    deleted = _delete_expired_tokens(db, user_id=None)
    db.commit()
    return deleted


def _delete_expired_tokens(db: DbSession, user_id: int | None) -> int:
    now = utc_now()
    return refresh_tokens_repo.delete_expired(
        db, now, user_id
    ) + password_reset_tokens_repo.delete_expired(db, now, user_id)


def _token_pair(db: DbSession, user_id: int, family: str, settings: Settings) -> Token:
    refresh_token, digest = new_opaque_token()
    lifetime = timedelta(days=settings.refresh_token_expire_days)
    refresh_tokens_repo.create(
        db, user_id=user_id, family=family, token_hash=digest, expires_at=utc_now() + lifetime
    )
    minutes = settings.access_token_expire_minutes
    return Token(
        access_token=create_access_token(str(user_id), settings.secret_key, minutes),
        expires_in=minutes * 60,
        refresh_token=refresh_token,
        refresh_expires_in=int(lifetime.total_seconds()),
    )


def user_from_token(db: DbSession, token: str | None, settings: Settings) -> User:
    if not token:
        raise Unauthorized("Not authenticated")
    subject = decode_access_token(token, settings.secret_key)
    user_id = to_id(subject) if subject is not None else None
    user = users_repo.get(db, user_id) if user_id is not None else None
    if user is None:
        raise Unauthorized(INVALID_TOKEN)
    return user
