"""Why a delete was refused: the rows that still refer to the deleted one.

A reference declared without `:cascade` or `:set-null` is a foreign key with ON DELETE
NO ACTION, so the database itself refuses to delete a row others point at. Which table
holds them is read from the models' metadata once that has happened.
"""

from sqlalchemy import select

from app.core.db import DbSession
from app.core.errors import Conflict
from app.models.base import Base

_LETS_GO = ("CASCADE", "SET NULL")


def still_referred_to(db: DbSession, table: str, row_id: int) -> Conflict:
    """The 409 for a delete of `table`'s row `row_id` that a foreign key refused; call
    it once the refused delete is undone (the repositories' savepoints)."""
    for other in Base.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table.name != table or (key.ondelete or "").upper() in _LETS_GO:
                continue
            found = db.scalar(select(key.parent).where(key.parent == row_id).limit(1))
            if found is not None:
                return Conflict(f"Still referred to by {other.name}: delete or change those first")
    return Conflict("Still referred to by other rows: delete or change those first")
