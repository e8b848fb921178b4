import shutil

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.models import Base
from tests.support.db import PROJECT_ROOT, alembic_config


def test_migrations_have_a_single_head(settings):
    script = ScriptDirectory.from_config(alembic_config(settings.database_url))
    assert len(script.get_heads()) == 1


def test_migrations_match_the_models(database):
    # The test database was built by the migrations; any model change without a
    # migration shows up here as a difference.
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []


def test_a_new_revision_is_numbered_after_the_last(settings, database, tmp_path):
    # In a copy of migrations/, so the project's own stay as they are.
    shutil.copytree(PROJECT_ROOT / "migrations", tmp_path / "migrations")
    config = alembic_config(settings.database_url)
    config.set_main_option("script_location", str(tmp_path / "migrations"))
    last = ScriptDirectory.from_config(config).get_current_head()
    assert last is not None
    made = command.revision(config, message="nothing yet", autogenerate=True)
    assert not isinstance(made, list)
    assert made is not None
    assert made.revision == f"{int(last) + 1:04d}"
    assert made.down_revision == last


def test_every_model_keeps_its_ids_for_good():
    # On SQLite a table without AUTOINCREMENT hands a deleted last row's id to the next
    # row. Every model says otherwise (TABLE_OPTIONS), so `alembic revision
    # --autogenerate` writes it into the migration of a new table too.
    for table in Base.metadata.sorted_tables:
        assert table.dialect_options["sqlite"]["autoincrement"], table.name
