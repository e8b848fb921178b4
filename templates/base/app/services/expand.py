"""`?expand=<ref>`: the rows a page's references point at, embedded in each listed row
under the reference's name, beside its `<ref>_id` (api-contract.md, "List queries and
relations").

One query per reference asked for, whatever the page's size: the page's ids of that
reference go into a single `IN (...)`, never one lookup per row.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from app.core.db import DbSession

# A repository's `get_many`: the rows with these ids, in one query.
Loader = Callable[[DbSession, Collection[int]], Sequence[Any]]
# For each reference asked for, its rows by id.
Expanded = dict[str, dict[int, Any]]

Out = TypeVar("Out", bound=BaseModel)


def load(
    db: DbSession, rows: Sequence[Any], names: Collection[str], loaders: Mapping[str, Loader]
) -> Expanded:
    expanded: Expanded = {}
    for name in names:
        ids = {ref_id for row in rows if (ref_id := getattr(row, f"{name}_id")) is not None}
        expanded[name] = {found.id: found for found in loaders[name](db, ids)} if ids else {}
    return expanded


def embed(out: type[Out], row: Any, expanded: Expanded) -> Out:
    """`row` as `out`, with each expanded reference's row (null when the reference is
    empty). A reference not asked for stays out of the answer (its field is MISSING)."""
    values = {name: getattr(row, name) for name in out.model_fields if hasattr(row, name)}
    for name, found in expanded.items():
        ref_id = getattr(row, f"{name}_id")
        values[name] = None if ref_id is None else found.get(ref_id)
    return out.model_validate(values, from_attributes=True)
