"""List queries: `GET` on a collection takes filters, `sort` and `q` beside page and limit
(api-contract.md, "List queries").

A resource declares its own as a subclass of ListQuery (see ItemListQuery): one field per
filter, named `<field>` for equality or `<field>__<op>` for gt, gte, lt, lte, in and
isnull; `sort` as `SortKeys[Literal[...]]`; `q` with SEARCH_FIELDS; `expand` as
`Expand[Literal[...]]` of its references (app/services/expand.py). Each value goes
through its field's own type, so the rules are those of the bodies, and the model is the
OpenAPI document's list of parameters on both frameworks. An unknown parameter is a 400
(extra="forbid"), as is a repeated one (app/core/input_checks.py).
"""

import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BeforeValidator, Field

from app.schemas.common import PageQuery
from app.schemas.types import INT32_MAX, Text
from app.schemas.types import Digits as Digits  # re-exported: a marker for filter values

MAX_IN_VALUES = 100

T = TypeVar("T")


def _canonical_number(value: object) -> object:
    # float() and Decimal() would also read " 1", "1_0", "inf" and "nan". Read as a JSON
    # number would be, so a decimal field rounds it to its places as in a body.
    if isinstance(value, str):
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", value):
            raise ValueError("must be a number in decimal digits")
        return float(value)
    return value


def _true_or_false(value: object) -> object:
    # pydantic alone would also read "1", "yes" and "on".
    if value == "true":
        return True
    if value == "false":
        return False
    raise ValueError("must be true or false")


def _split_commas(value: object) -> object:
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list):  # FastAPI hands a list parameter over as a list of one
        return [part for item in value for part in str(item).split(",")]
    return value


def _in_values(value: object) -> object:
    # Counted here, so the message is about values on both frameworks: pydantic's own
    # max_length error is reported on the text Flask passes in, as if it were characters.
    values = _split_commas(value)
    if isinstance(values, list) and len(values) > MAX_IN_VALUES:
        raise ValueError(f"must be at most {MAX_IN_VALUES} values")
    return values


# Markers for a filter's value type: `Annotated[Quantity, Digits]` (Digits is types.py's).
Numeral = BeforeValidator(_canonical_number)
TrueFalse = Annotated[bool, BeforeValidator(_true_or_false)]
# `?<field>__in=a,b,c`: a list of the field's values, at most MAX_IN_VALUES.
InList = Annotated[
    list[T], BeforeValidator(_in_values), Field(min_length=1, max_length=MAX_IN_VALUES)
]
# `?sort=-price,name`: keys from the resource's Literal; a field named again adds nothing.
SortKeys = Annotated[list[T], BeforeValidator(_split_commas), Field(min_length=1)]
# `?expand=product,owner`: references from the resource's Literal, each embedded once.
Expand = Annotated[list[T], BeforeValidator(_split_commas), Field(min_length=1)]
Search = Annotated[Text, Field(min_length=1, max_length=200)]
# The id of a row, as in paths: positive and 32-bit.
RowIdValue = Annotated[int, Field(ge=1, le=INT32_MAX), Digits]


@dataclass(frozen=True)
class Filter:
    field: str
    # "eq" for `?<field>=`, else gt, gte, lt, lte, in or isnull.
    operator: str
    value: Any


class ListQuery(PageQuery):
    """Page and limit; a resource's subclass adds its filters, `sort`, `q` and `expand`."""

    # The columns `q` searches, case-insensitively, for the text it holds.
    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ()

    def filters(self) -> list[Filter]:
        found = []
        for name in sorted(self.model_fields_set - {"page", "limit", "sort", "q", "expand"}):
            field, _, operator = name.partition("__")
            found.append(Filter(field, operator or "eq", getattr(self, name)))
        return found

    def order(self) -> list[tuple[str, bool]]:
        """(field, descending) for each sort key, the first of a field's only; the
        repositories end with `id`."""
        keys: list[str] = getattr(self, "sort", None) or []
        order: dict[str, bool] = {}
        for key in keys:
            order.setdefault(key.removeprefix("-"), key.startswith("-"))
        return list(order.items())

    def is_nullable(self, field: str) -> bool:
        # A field that may be null is one that may be filtered on being null.
        return f"{field}__isnull" in type(self).model_fields

    def expanded(self) -> list[str]:
        """The references `?expand=` names, each once, in the order given."""
        names: list[str] = getattr(self, "expand", None) or []
        return list(dict.fromkeys(names))

    def search(self) -> str | None:
        text: str | None = getattr(self, "q", None)
        return text

    @property
    def is_plain(self) -> bool:
        """Only page and limit (and what to embed): the list in id order, which has a
        prepared statement."""
        return self.model_fields_set <= {"page", "limit", "expand"}


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards in `text` matching themselves (ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
