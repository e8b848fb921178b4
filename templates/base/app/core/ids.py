"""Ids in paths and tokens arrive as text; anything that cannot name a row is refused."""

import re

from app.core.errors import NotFound

# Primary keys are 32-bit INTEGER columns; a larger number can name no row and would
# overflow the database driver.
MAX_ID = 2**31 - 1
_ID_PATTERN = re.compile(r"[1-9][0-9]{0,9}")


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
