"""The checks every request input passes before it is trusted, on both frameworks.

A JSON `\\ud800` escape decodes to a lone UTF-16 surrogate: a Python `str` that no
encoder (bcrypt, the database driver, the JSON response) can write, so it would become
a 500, or a row that can never be read back. Deep JSON would exhaust the parser's or
the serialiser's recursion limit. Both are refused here, as malformed input.
"""

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

LONE_SURROGATE_MESSAGE = "must not contain lone UTF-16 surrogates"

_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON string, escapes included; what it holds must not count as nesting.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_TO_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def has_lone_surrogate(text: str) -> bool:
    # Pairs arrive already joined (json, URL and form decoding combine them), so any
    # surrogate code point left in a str is a lone one.
    return _SURROGATE.search(text) is not None


def lone_surrogate_paths(value: Any, path: str = "body") -> Iterator[str]:
    """The dotted path of every string (or of the object whose key) holding a lone
    surrogate. Below the top level, paths leave out `body`, as field errors do."""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            yield path
        return
    if isinstance(value, dict):
        if any(has_lone_surrogate(key) for key in value):
            yield path
        # Below a bad key, a path would hold the surrogate itself: the object is named.
        items: Iterator[tuple[Any, Any]] = (
            (key, item) for key, item in value.items() if not has_lone_surrogate(key)
        )
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield from lone_surrogate_paths(item, str(key) if path == "body" else f"{path}.{key}")


def undecodable_query_names(query_string: bytes) -> list[str]:
    """The parameters whose name or value is not UTF-8 once percent-decoded (a lone
    surrogate arrives as `%ED%A0%80`), named as far as they can be read."""
    names = []
    for pair in query_string.split(b"&"):
        name, _, value = pair.partition(b"=")
        raw_name = unquote_to_bytes(name.replace(b"+", b" "))
        try:
            raw_name.decode()
            unquote_to_bytes(value.replace(b"+", b" ")).decode()
        except UnicodeDecodeError:
            names.append(raw_name.decode(errors="replace") or "query")
    return names


def json_too_deep(raw: bytes, max_depth: int) -> bool:
    """Whether the JSON text nests objects and arrays deeper than `max_depth`, judged on
    the bytes: the parser itself recurses once per level and would fail first.

    Strings are cut out, then each pass removes the innermost empty pairs; nesting that
    survives `max_depth` passes is deeper than that. Every pass runs in C.
    """
    brackets = _JSON_STRING.sub(b"", raw).translate(_TO_BRACKETS, _NOT_BRACKETS)
    for _ in range(max_depth):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    # Unbalanced leftovers (malformed JSON) are for the parser to report.
    return b"[]" in brackets


def is_canonical_integer(text: str) -> bool:
    """Decimal digits as a person writes them: no sign but "-", no leading zeros,
    spaces or underscores, which int() and pydantic would otherwise accept."""
    return re.fullmatch(r"0|-?[1-9][0-9]*", text) is not None
