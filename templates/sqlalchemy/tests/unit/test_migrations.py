from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.models import Base
from tests.support.db import alembic_config


def test_migrations_have_a_single_head(settings):
    script = ScriptDirectory.from_config(alembic_config(settings.database_url))
    assert len(script.get_heads()) == 1


def test_migrations_match_the_models(database):
    # The test database was built by the migrations; any model change without a
    # migration shows up here as a difference.
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
