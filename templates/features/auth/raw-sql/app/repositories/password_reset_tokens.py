"""Password reset token queries. Using one is a conditional update: a token works once."""

from datetime import datetime

from app.core.clock import utc_now
from app.core.db import DbSession, Row, decode_time, encode_time
from app.models.password_reset_token import PasswordResetToken


def _token(row: Row) -> PasswordResetToken:
    return PasswordResetToken(
        id=row["id"],
        user_id=row["user_id"],
        token_hash=row["token_hash"],
        expires_at=decode_time(row["expires_at"]),
        used_at=decode_time(row["used_at"]) if row["used_at"] is not None else None,
        created_at=decode_time(row["created_at"]),
    )


def create(
    db: DbSession, *, user_id: int, token_hash: str, expires_at: datetime
) -> PasswordResetToken:
    row = db.insert(
        "INSERT INTO password_reset_tokens (user_id, token_hash, expires_at, created_at)"
        " VALUES (:user_id, :token_hash, :expires_at, :now)"
        " RETURNING id, user_id, token_hash, expires_at, used_at, created_at",
        {
            "user_id": user_id,
            "token_hash": token_hash,
            "expires_at": encode_time(expires_at),
            "now": encode_time(utc_now()),
        },
    )
    return _token(row)


def get_by_hash(db: DbSession, token_hash: str) -> PasswordResetToken | None:
    row = db.fetch_one(
        "SELECT id, user_id, token_hash, expires_at, used_at, created_at"
        " FROM password_reset_tokens WHERE token_hash = :token_hash",
        {"token_hash": token_hash},
    )
    return _token(row) if row else None


def use(db: DbSession, token_id: int, now: datetime) -> bool:
    """Spend a token; False when it was already spent."""
    changed = db.execute(
        "UPDATE password_reset_tokens SET used_at = :now WHERE id = :id AND used_at IS NULL",
        {"now": encode_time(now), "id": token_id},
    )
    return changed == 1


def use_all_of_user(db: DbSession, user_id: int, now: datetime) -> None:
    db.execute(
        "UPDATE password_reset_tokens SET used_at = :now"
        " WHERE user_id = :user_id AND used_at IS NULL",
        {"now": encode_time(now), "user_id": user_id},
    )


def delete_expired(db: DbSession, now: datetime, user_id: int | None = None) -> int:
    """Delete the tokens that expired before `now` (of one user, or of everyone); returns
    how many. An expired token is refused before anything else is checked, so its row
    serves nothing any more."""
    if user_id is None:
        return db.execute(
            "DELETE FROM password_reset_tokens WHERE expires_at < :now", {"now": encode_time(now)}
        )
    return db.execute(
        "DELETE FROM password_reset_tokens WHERE expires_at < :now AND user_id = :user_id",
        {"now": encode_time(now), "user_id": user_id},
    )
