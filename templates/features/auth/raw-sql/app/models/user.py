from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class User:
    """A row of `users`. The email is stored normalised (app/core/emails.py), so the
    unique index makes it unique in any spelling."""

    id: int
    email: str
    name: str
    # Out of repr(): a user printed in a log or a traceback must not carry the hash.
    password_hash: str = field(repr=False)
    role: str
    created_at: datetime
    updated_at: datetime
