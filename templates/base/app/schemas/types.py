"""Field types shared by request and response schemas.

Every stack must reject the same inputs, so the limits that databases would otherwise
enforce differently (NUL bytes, integer width, non-finite floats) are checked here.
"""

from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, Field, PlainSerializer

INT32_MAX = 2**31 - 1


def _reject_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refusing it everywhere keeps stacks alike.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


Text = Annotated[str, AfterValidator(_reject_nul)]
Price = Annotated[float, Field(ge=0, le=1_000_000_000, allow_inf_nan=False)]
Quantity = Annotated[int, Field(ge=0, le=INT32_MAX)]
# An explicit "+00:00" offset, whatever the database handed back.
UtcDatetime = Annotated[datetime, PlainSerializer(_iso_utc, return_type=str, when_used="json")]
