"""users.role: "user" or "admin"; every existing user becomes a "user"

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, never a batch copy of the table: on SQLite, with foreign keys
    # on, dropping the old users table would cascade to everything they own.
    op.add_column(
        "users",
        sa.Column(
            "role",
            sa.String(length=16),
            sa.CheckConstraint("role IN ('user', 'admin')", name=op.f("ck_users_role")),
            server_default="user",
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("users", "role")
