"""The roles_and_sessions migration gives users a role (and sessions) in place: a
database made before roles keeps its users, each now a plain "user"."""

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app.core.config import Settings
from app.core.db import Database
from tests.support.db import alembic_config


def test_users_made_before_roles_become_plain_users(settings: Settings, database: Database):
    config = alembic_config(settings.database_url)
    # Found by name: a project that upgraded to roles has it later in its history.
    roles = next(
        script
        for script in ScriptDirectory.from_config(config).walk_revisions()
        if script.path.endswith("_roles_and_sessions.py")
    )
    assert isinstance(roles.down_revision, str)
    command.downgrade(config, roles.down_revision)
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
