"""Refresh token queries. Revoking is a conditional update, so of two requests that
present one token at once only one rotates it."""

from datetime import datetime

from sqlalchemy import delete, select, update

from app.core.db import DbSession
from app.models.refresh_token import RefreshToken


def create(
    db: DbSession, *, user_id: int, family: str, token_hash: str, expires_at: datetime
) -> RefreshToken:
    token = RefreshToken(
        user_id=user_id, family=family, token_hash=token_hash, expires_at=expires_at
    )
    db.add(token)
    db.flush()
    return token


def get_by_hash(db: DbSession, token_hash: str) -> RefreshToken | None:
    return db.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


def revoke(db: DbSession, token_id: int, now: datetime) -> bool:
    """Revoke one token; False when it was already revoked."""
    changed = db.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(RefreshToken.id)
    ).all()
    return bool(changed)


def revoke_family(db: DbSession, family: str, now: datetime) -> None:
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_all_of_user(db: DbSession, user_id: int, now: datetime) -> None:
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def delete_expired(db: DbSession, now: datetime, user_id: int | None = None) -> int:
    """Delete the tokens that expired before `now` (of one user, or of everyone); returns
    how many. An expired token is refused before anything else is checked, so its row
    serves nothing any more."""
    query = delete(RefreshToken).where(RefreshToken.expires_at < now)
    if user_id is not None:
        query = query.where(RefreshToken.user_id == user_id)
    return len(db.execute(query.returning(RefreshToken.id)).all())
