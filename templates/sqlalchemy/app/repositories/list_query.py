"""A ListQuery's filters, search and sort as SQLAlchemy clauses (app/schemas/list_query.py).

Column names come from the query model's declared fields, never from the request: an
unknown parameter was refused before this runs.
"""

import operator
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, or_

from app.models.base import Base
from app.schemas.list_query import Filter, ListQuery, like_pattern

_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def conditions(model: type[Base], query: ListQuery) -> list[ColumnElement[bool]]:
    found = [_condition(_column(model, f.field), f) for f in query.filters()]
    text = query.search()
    if text is not None:
        pattern = like_pattern(text)
        found.append(
            or_(*(_column(model, name).ilike(pattern, escape="\\") for name in query.SEARCH_FIELDS))
        )
    return found


def order(model: type[Base], query: ListQuery) -> list[ColumnElement[Any]]:
    """The sort keys, then `id`: rows that tie keep one order, so pages are stable. Null
    is the smallest value on every database (PostgreSQL would put it last ascending)."""
    keys = query.order()
    columns: list[ColumnElement[Any]] = []
    for field, descending in keys:
        column = _column(model, field)
        term = column.desc() if descending else column.asc()
        if query.is_nullable(field):
            term = term.nulls_last() if descending else term.nulls_first()
        columns.append(term)
    if "id" not in {field for field, _ in keys}:
        columns.append(_column(model, "id").asc())
    return columns


def _column(model: type[Base], name: str) -> ColumnElement[Any]:
    column: ColumnElement[Any] = getattr(model, name)
    return column


def _condition(column: ColumnElement[Any], f: Filter) -> ColumnElement[bool]:
    if f.operator == "in":
        return column.in_(f.value)
    if f.operator == "isnull":
        return column.is_(None) if f.value else column.is_not(None)
    condition: ColumnElement[bool] = _COMPARISONS[f.operator](column, f.value)
    return condition
