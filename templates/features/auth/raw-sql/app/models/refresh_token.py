from dataclasses import dataclass
from datetime import datetime


@dataclass
class RefreshToken:
    """A row of `refresh_tokens`: one session's refresh token, as its SHA-256 only.
    Rotating it revokes this row and adds the next one to the same family, so a token
    presented twice is seen."""

    id: int
    user_id: int
    family: str
    token_hash: str
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime
