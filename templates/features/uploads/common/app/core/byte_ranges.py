"""Range requests (RFC 9110 §14): one byte range of a file, or the whole file.

A server may ignore Range (§14.2), and this one ignores what it does not serve: a
malformed header, another unit, several ranges. The client gets the whole file, as if
it had not asked. Only a well-formed range that starts at or past the end is an error.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from app.core.errors import AppError

_RANGE_SPEC = re.compile(r"([0-9]*)-([0-9]*)")


class RangeNotSatisfiable(AppError):
    status_code = 416
    code = "RANGE_NOT_SATISFIABLE"
    default_message = "The range starts at or past the end of the file"

    def __init__(self, size: int) -> None:
        super().__init__()
        # RFC 9110 §15.5.17: the size, so the client can ask again.
        self.headers["Content-Range"] = f"bytes */{size}"


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as Content-Range writes it

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The byte range `header` asks for in a file of `size` bytes, or None for the whole
    file: `bytes=first-last`, `bytes=first-` or `bytes=-suffix_length`. An empty file
    has no byte for a range to start at, so any range of it is a 416."""
    if header is None:
        return None
    unit, equals, range_set = header.partition("=")
    # Empty list elements do not count (RFC 9110 §5.6.1): "bytes=0-9," is one range.
    specs = [spec for spec in (part.strip(" \t") for part in range_set.split(",")) if spec]
    if not equals or unit.lower() != "bytes" or len(specs) != 1:
        return None
    match = _RANGE_SPEC.fullmatch(specs[0])
    if match is None:
        return None
    first, last = (_numeral(group) for group in match.groups())
    if first is None:
        if last is None:
            return None
        start = size - _at_most(last, size)  # the last `last` bytes
    elif last is not None and last < first:
        return None  # invalid (§14.1.1), and with it the whole header
    else:
        start = _at_most(first, size)
    if start >= size:
        raise RangeNotSatisfiable(size)
    end = size - 1 if first is None or last is None else _at_most(last, size - 1)
    return ByteRange(start, end)


def _numeral(digits: str) -> Decimal | None:
    # Decimal, exact at any length: int() refuses numerals of more than 4,300 digits,
    # and a Range header may be 8 KiB of them.
    return Decimal(digits) if digits else None


def _at_most(numeral: Decimal, limit: int) -> int:
    return limit if numeral >= limit else int(numeral)
