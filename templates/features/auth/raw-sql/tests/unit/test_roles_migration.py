"""The roles_and_sessions migration gives users a role (and sessions) in place: a
database made before roles keeps its users, each now a plain "user"."""

from app.core import migrate as runner
from app.core.clock import utc_now
from app.core.config import Settings
from app.core.db import Database, encode_time


def test_users_made_before_roles_become_plain_users(settings: Settings, database: Database):
    # Found by name: a project that upgraded to roles has it later in its history.
    (version,) = (m.version for m in runner.discover() if m.name == "roles_and_sessions")
    # The test database as it was before that migration, with a user in it.
    with database.session(write=True) as db:
        db.execute("DROP TABLE password_reset_tokens")
        db.execute("DROP TABLE refresh_tokens")
        db.execute("ALTER TABLE users DROP COLUMN role")
        db.execute("DELETE FROM schema_migrations WHERE version = :version", {"version": version})
        db.execute(
            "INSERT INTO users (email, name, password_hash, created_at, updated_at)"
            " VALUES ('old@example.com', 'Old', 'x', :now, :now)",
            {"now": encode_time(utc_now())},
        )
        db.commit()
    try:
        assert runner.migrate(settings.database_url) == [version]
        with database.session(write=False) as db:
            assert db.fetch_all("SELECT role FROM users") == [{"role": "user"}]
    finally:
        runner.migrate(settings.database_url)
