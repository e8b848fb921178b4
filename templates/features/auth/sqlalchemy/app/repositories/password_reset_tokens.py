"""Password reset token queries. Using one is a conditional update: a token works once."""

from datetime import datetime

from sqlalchemy import delete, select, update

from app.core.db import DbSession
from app.models.password_reset_token import PasswordResetToken


def create(
    db: DbSession, *, user_id: int, token_hash: str, expires_at: datetime
) -> PasswordResetToken:
    token = PasswordResetToken(user_id=user_id, token_hash=token_hash, expires_at=expires_at)
    db.add(token)
    db.flush()
    return token


def get_by_hash(db: DbSession, token_hash: str) -> PasswordResetToken | None:
    return db.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == token_hash))


def use(db: DbSession, token_id: int, now: datetime) -> bool:
    """Spend a token; False when it was already spent."""
    changed = db.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == token_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
        .returning(PasswordResetToken.id)
    ).all()
    return bool(changed)


def use_all_of_user(db: DbSession, user_id: int, now: datetime) -> None:
    db.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )


def delete_expired(db: DbSession, now: datetime, user_id: int | None = None) -> int:
    """Delete the tokens that expired before `now` (of one user, or of everyone); returns
    how many. An expired token is refused before anything else is checked, so its row
    serves nothing any more."""
    query = delete(PasswordResetToken).where(PasswordResetToken.expires_at < now)
    if user_id is not None:
        query = query.where(PasswordResetToken.user_id == user_id)
    return len(db.execute(query.returning(PasswordResetToken.id)).all())
