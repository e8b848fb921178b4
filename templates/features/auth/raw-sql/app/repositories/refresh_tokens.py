"""Refresh token queries. Revoking is a conditional update, so of two requests that
present one token at once only one rotates it."""

from datetime import datetime

from app.core.clock import utc_now
from app.core.db import DbSession, Row, decode_time, encode_time
from app.models.refresh_token import RefreshToken


def _token(row: Row) -> RefreshToken:
    return RefreshToken(
        id=row["id"],
        user_id=row["user_id"],
        family=row["family"],
        token_hash=row["token_hash"],
        expires_at=decode_time(row["expires_at"]),
        revoked_at=decode_time(row["revoked_at"]) if row["revoked_at"] is not None else None,
        created_at=decode_time(row["created_at"]),
    )


def create(
    db: DbSession, *, user_id: int, family: str, token_hash: str, expires_at: datetime
) -> RefreshToken:
    row = db.insert(
        "INSERT INTO refresh_tokens (user_id, family, token_hash, expires_at, created_at)"
        " VALUES (:user_id, :family, :token_hash, :expires_at, :now)"
        " RETURNING id, user_id, family, token_hash, expires_at, revoked_at, created_at",
        {
            "user_id": user_id,
            "family": family,
            "token_hash": token_hash,
            "expires_at": encode_time(expires_at),
            "now": encode_time(utc_now()),
        },
    )
    return _token(row)


def get_by_hash(db: DbSession, token_hash: str) -> RefreshToken | None:
    row = db.fetch_one(
        "SELECT id, user_id, family, token_hash, expires_at, revoked_at, created_at"
        " FROM refresh_tokens WHERE token_hash = :token_hash",
        {"token_hash": token_hash},
    )
    return _token(row) if row else None


def revoke(db: DbSession, token_id: int, now: datetime) -> bool:
    """Revoke one token; False when it was already revoked."""
    changed = db.execute(
        "UPDATE refresh_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL",
        {"now": encode_time(now), "id": token_id},
    )
    return changed == 1


def revoke_family(db: DbSession, family: str, now: datetime) -> None:
    db.execute(
        "UPDATE refresh_tokens SET revoked_at = :now WHERE family = :family AND revoked_at IS NULL",
        {"now": encode_time(now), "family": family},
    )


def revoke_all_of_user(db: DbSession, user_id: int, now: datetime) -> None:
    db.execute(
        "UPDATE refresh_tokens SET revoked_at = :now"
        " WHERE user_id = :user_id AND revoked_at IS NULL",
        {"now": encode_time(now), "user_id": user_id},
    )


def delete_expired(db: DbSession, now: datetime, user_id: int | None = None) -> int:
    """Delete the tokens that expired before `now` (of one user, or of everyone); returns
    how many. An expired token is refused before anything else is checked, so its row
    serves nothing any more."""
    if user_id is None:
        return db.execute(
            "DELETE FROM refresh_tokens WHERE expires_at < :now", {"now": encode_time(now)}
        )
    return db.execute(
        "DELETE FROM refresh_tokens WHERE expires_at < :now AND user_id = :user_id",
        {"now": encode_time(now), "user_id": user_id},
    )
