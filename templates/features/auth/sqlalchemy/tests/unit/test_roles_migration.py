"""Migration 0002 gives users a role (and sessions) in place: a database made before
roles keeps its users, each now a plain "user"."""

from alembic import command
from sqlalchemy import text

from app.core.config import Settings
from app.core.db import Database
from tests.support.db import alembic_config


def test_users_made_before_roles_become_plain_users(settings: Settings, database: Database):
    config = alembic_config(settings.database_url)
    command.downgrade(config, "0001")
    try:
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, name, password_hash, created_at, updated_at)"
                    " VALUES ('old@example.com', 'Old', 'x', :now, :now)"
                ),
                {"now": "2025-01-01 00:00:00+00:00"},
            )
        command.upgrade(config, "head")
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT role FROM users")).scalar_one() == "user"
    finally:
        command.upgrade(config, "head")
