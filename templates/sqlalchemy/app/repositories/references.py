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

from sqlalchemy import ForeignKey, Table, select
from sqlalchemy.exc import IntegrityError

from app.core.db import DbSession
from app.core.errors import Conflict, ValidationError
from app.models.base import Base

# Ids per IN (...): well under every database's limit on bound values.
_BATCH = 500


def still_referred_to(db: DbSession, table: str, row_id: int) -> Conflict:
    """The 409 for a delete of `table`'s row `row_id` that a foreign key refused; call
    it once the refused delete is undone (the repositories' savepoints)."""
    referrer = _holding(db, Base.metadata.tables[table], row_id)
    if referrer is not None:
        return Conflict(f"Still referred to by {referrer}: delete or change those first")
    return Conflict("Still referred to by other rows: delete or change those first")


def _holding(db: DbSession, table: Table, row_id: int) -> str | None:
    """The first table with a row that keeps the delete from happening. The delete takes
    the rows that refer to the row by a key that cascades, theirs in turn, and so on; a
    row it leaves that refers to any of them by a key that neither cascades nor sets null
    holds them all. (Every key here points at an id.)"""
    going: dict[Table, set[int]] = {table: {row_id}}
    pending = [(table, {row_id})]
    while pending:
        target, ids = pending.pop()
        for other, key in _keys_to(target):
            if (key.ondelete or "").upper() == "CASCADE":
                new = _referring(db, other, key, ids) - going.setdefault(other, set())
                if new:
                    going[other] |= new
                    pending.append((other, new))
    for target, ids in going.items():
        for other, key in _keys_to(target):
            lets_go = (key.ondelete or "").upper() in ("CASCADE", "SET NULL")
            if not lets_go and _referring(db, other, key, ids) - going.get(other, set()):
                return other.name
    return None


def _keys_to(target: Table) -> Iterator[tuple[Table, ForeignKey]]:
    for other in Base.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is target:
                yield other, key


def _referring(db: DbSession, other: Table, key: ForeignKey, ids: set[int]) -> set[int]:
    """The ids of `other`'s rows whose `key` names one of `ids`, asked a few at a time."""
    found: set[int] = set()
    batch = sorted(ids)
    for start in range(0, len(batch), _BATCH):
        part = batch[start : start + _BATCH]
        found.update(db.scalars(select(other.c.id).where(key.parent.in_(part))))
    return found


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
