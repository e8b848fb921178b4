from dataclasses import dataclass
from datetime import datetime


@dataclass
class PasswordResetToken:
    """A row of `password_reset_tokens`: a single-use reset token, as its SHA-256 only."""

    id: int
    user_id: int
    token_hash: str
    expires_at: datetime
    used_at: datetime | None
    created_at: datetime
