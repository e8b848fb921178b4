"""Schema set-up and clean-up for the tests, from the same Alembic migrations as prod."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.core.db import Database
from app.models import Base

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    # Keep pytest's log capture instead of alembic.ini's logging set-up.
    config.attributes["configure_logging"] = False
    return config


def migrate(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def clear_tables(database: Database) -> None:
    """Empty every table (children first), keeping the schema and alembic_version."""
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements run inside the block, in order: what a test counts queries by."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        # before_cursor_execute(connection, cursor, statement, parameters, context, many)
        seen.append(args[2])

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)
