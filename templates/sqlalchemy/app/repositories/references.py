"""Writes the database's constraints refuse, told to the client.

The database checks unique values and references as a write is flushed, not a lookup
made beforehand: racing requests cannot both pass such a check, and a row deleted
meanwhile is still caught. A refused write is undone up to a savepoint, and the rest of
the transaction stays the service's to commit or roll back.

A reference declared without `:cascade` or `:set-null` is a foreign key with ON DELETE
NO ACTION, so the database itself refuses to delete a row others point at. Which table
holds them is read from the models' metadata once that has happened, following the keys
that cascade: deleting a user takes their products, which another user's review may hold.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.exc import IntegrityError

from app.core.db import DbSession
from app.core.errors import Conflict, ValidationError
from app.models.base import Base


def still_referred_to(db: DbSession, table: str, row_id: int) -> Conflict:
    """The 409 for a delete of `table`'s row `row_id` that a foreign key refused; call
    it once the refused delete is undone (the repositories' savepoints)."""
    going = Base.metadata.tables[table]
    referrer = _holding(db, going, going.c.id == row_id, {table})
    if referrer is not None:
        return Conflict(f"Still referred to by {referrer}: delete or change those first")
    return Conflict("Still referred to by other rows: delete or change those first")


def _holding(db: DbSession, going: Table, rows: ColumnElement[bool], seen: set[str]) -> str | None:
    """The first table with a row that keeps `rows` of `going` from being deleted: it
    refers to one of them by a key that does not let go, or it is deleted with them (a
    key that cascades) and is itself held."""
    for other in Base.metadata.sorted_tables:
        for key in other.foreign_keys:
            rule = (key.ondelete or "").upper()
            if key.column.table is not going or rule == "SET NULL":
                continue
            referring = key.parent.in_(select(key.column).where(rows))
            if rule == "CASCADE":
                if other.name not in seen:
                    held = _holding(db, other, referring, seen | {other.name})
                    if held is not None:
                        return held
            elif db.scalar(select(key.parent).where(referring).limit(1)) is not None:
                return other.name
    return None


@contextmanager
def constraints_decide(
    db: DbSession,
    *,
    conflict: str | None = None,
    references: Mapping[str, type[Base]] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Iterator[None]:
    """Flushes the writes made inside in a savepoint. One a constraint refuses is a 400
    naming each of `references` (field -> model) whose value in `values` names no row,
    else the 409 `conflict` of a unique value."""
    try:
        with db.begin_nested():
            yield
    except IntegrityError:
        given = values or {}
        dangling = [
            {"field": field, "message": "refers to a row that does not exist"}
            for field, model in (references or {}).items()
            if given.get(field) is not None and db.get(model, given[field]) is None
        ]
        if dangling:
            raise ValidationError("Request validation failed", dangling) from None
        if conflict is None:
            raise
        raise Conflict(conflict) from None
