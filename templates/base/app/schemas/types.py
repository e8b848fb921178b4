"""Field types shared by request and response schemas.

Every stack must reject the same inputs, so the limits that databases would otherwise
enforce differently (NUL bytes, integer width, non-finite floats) are checked here.
"""

from datetime import datetime, timezone
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer

from app.core.input_checks import is_canonical_integer

INT32_MAX = 2**31 - 1


def _reject_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refusing it everywhere keeps stacks alike.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def positive_zero(value: float) -> float:
    # -0.0 is a valid JSON number but reads back as 0.0 from most databases; answer
    # what will be stored.
    return value + 0.0


def _canonical_integer(value: object) -> object:
    # Query strings are text; int() would also read "+1", "01", " 1" and "1_0".
    if isinstance(value, str) and not is_canonical_integer(value):
        raise ValueError("must be a whole number in decimal digits")
    return value


def _iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


def whole_number(value: object) -> object:
    # JSON Schema (and so the OpenAPI document) counts 3.0 as an integer; the API
    # agrees. 3.5, "3" and true stay errors under strict validation.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _not_null_in_docs(schema: dict[str, Any]) -> None:
    # On PATCH, None only marks "not sent": an explicit null is refused, so the
    # document must not offer null as a value.
    variants = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
    if len(variants) == 1:
        schema.update(variants[0])


# The pattern only tells the document what _reject_nul enforces (with a clearer message).
Text = Annotated[
    str, AfterValidator(_reject_nul), Field(json_schema_extra={"pattern": "^[^\\x00]*$"})
]


def _refuse_null(value: object) -> object:
    if value is None:
        raise ValueError("must not be null")
    return value


T = TypeVar("T")
# A PATCH field. None stands for "not sent", so it may be left out; but validators run
# only for values actually sent, so an explicit null is refused, and the document does
# not offer null as a value.
NotNull = Annotated[
    T | None, AfterValidator(_refuse_null), Field(json_schema_extra=_not_null_in_docs)
]
Price = Annotated[
    float, Field(ge=0, le=1_000_000_000, allow_inf_nan=False), AfterValidator(positive_zero)
]
# Bounds before the float coercion, so they stay in the JSON schema (minimum/maximum).
Quantity = Annotated[int, Field(ge=0, le=INT32_MAX), BeforeValidator(whole_number)]
# The id of another row: positive and 32-bit, like the ids in paths.
RowId = Annotated[int, Field(ge=1, le=INT32_MAX), BeforeValidator(whole_number)]
# An integer in a query string: digits as a person writes them.
Digits = BeforeValidator(_canonical_integer)
QueryInt = Annotated[int, Digits]
# An explicit "+00:00" offset, whatever the database handed back.
UtcDatetime = Annotated[datetime, PlainSerializer(_iso_utc, return_type=str, when_used="json")]
