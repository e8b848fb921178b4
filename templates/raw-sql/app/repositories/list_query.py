"""A ListQuery's filters, search and sort as SQL text with bound values
(app/schemas/list_query.py).

Only column names reach the text, and they come from the query model's declared fields
or the repository's own scope, never from the request (an unknown parameter was refused
before this runs); every value is bound.
"""

from collections.abc import Callable, Collection, Mapping
from typing import Any

from app.schemas.list_query import ListQuery, like_pattern

Encode = Callable[[Any], Any]

_COMPARISONS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def where(
    query: ListQuery,
    encoders: Mapping[str, Encode] | None = None,
    scope: Mapping[str, Any] | None = None,
) -> tuple[str, dict[str, Any]]:
    """` WHERE ...` (or "") and its parameters. `encoders` turn a field's values into
    what its column stores, where the driver cannot bind them as they are. `scope` holds
    the columns every row must equal whatever the query asks, such as a private
    resource's owner_id."""
    clauses = [f"{column} = :scope_{column}" for column in scope or {}]
    params = {f"scope_{column}": value for column, value in (scope or {}).items()}
    for number, f in enumerate(query.filters()):
        encode = (encoders or {}).get(f.field, _as_is)
        name = f"filter_{number}"
        if f.operator == "isnull":
            clauses.append(f"{f.field} IS NULL" if f.value else f"{f.field} IS NOT NULL")
        elif f.operator == "in":
            names = [f"{name}_{index}" for index in range(len(f.value))]
            clauses.append(f"{f.field} IN ({', '.join(f':{each}' for each in names)})")
            params.update({each: encode(value) for each, value in zip(names, f.value, strict=True)})
        else:
            clauses.append(f"{f.field} {_COMPARISONS[f.operator]} :{name}")
            params[name] = encode(f.value)
    text = query.search()
    if text is not None:
        params["search"] = like_pattern(text)
        matches = [
            f"LOWER({field}) LIKE LOWER(:search) ESCAPE '\\'" for field in query.SEARCH_FIELDS
        ]
        clauses.append(f"({' OR '.join(matches)})")
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params


def ids_in(ids: Collection[int]) -> tuple[str, dict[str, int]]:
    """` WHERE id IN (...)` and its parameters, one per id (`?expand=`'s one query)."""
    params = {f"id_{number}": value for number, value in enumerate(ids)}
    return f" WHERE id IN ({', '.join(f':{name}' for name in params)})", params


def order_by(query: ListQuery) -> str:
    """` ORDER BY` the sort keys, then `id`: rows that tie keep one order, so pages are
    stable. Null is the smallest value on every database (PostgreSQL would put it last
    ascending); only nullable columns say so, so the others' indexes still serve."""
    keys = query.order()
    terms = []
    for field, descending in keys:
        term = f"{field} DESC" if descending else field
        if query.is_nullable(field):
            term += " NULLS LAST" if descending else " NULLS FIRST"
        terms.append(term)
    if "id" not in {field for field, _ in keys}:
        terms.append("id")
    return f" ORDER BY {', '.join(terms)}"


def _as_is(value: Any) -> Any:
    return value
