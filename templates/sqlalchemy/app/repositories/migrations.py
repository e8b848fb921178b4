"""How far the database's schema is from the code's Alembic migrations."""

import logging
from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError

from app.core.db import DbSession

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# MigrationContext announces its dialect at INFO whenever one is made, which here is on
# every readiness probe. `alembic` commands run in processes of their own, unaffected.
logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    # Read once: the code's migrations do not change while the process runs.
    return ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini")))


def pending(db: DbSession) -> list[str]:
    """The code's revisions the database has not applied, oldest first."""
    scripts = _scripts()
    current = MigrationContext.configure(db.connection()).get_current_heads()
    try:
        missing = scripts.iterate_revisions("heads", current or "base")
        return [script.revision for script in reversed(list(missing))]
    except ResolutionError:
        # The database is at a revision this code does not have: it is ahead (a newer
        # release migrated it), not behind.
        return []
