"""Ids in paths and tokens arrive as text; anything that cannot name a row is refused."""

import re
from typing import Any

from app.core.errors import NotFound

# Primary keys are 32-bit INTEGER columns; a larger number can name no row and would
# overflow the database driver.
MAX_ID = 2**31 - 1
_ID_PATTERN = re.compile(r"[1-9][0-9]{0,9}")
# A path id as the OpenAPI document states it: the integer it names, so a generated
# client types it as a number. The app still reads it as text (parse_id).
ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def to_id(raw: str) -> int | None:
    if _ID_PATTERN.fullmatch(raw) is None or int(raw) > MAX_ID:
        return None
    return int(raw)


def parse_id(raw: str, resource: str = "Resource") -> int:
    """A path id: malformed ones rank exactly like unknown ids (404)."""
    value = to_id(raw)
    if value is None:
        raise NotFound(f"{resource} not found")
    return value
