"""The checks every request input passes before it is trusted, on both frameworks.

A JSON `\\ud800` escape decodes to a lone UTF-16 surrogate: a Python `str` that no
encoder (bcrypt, the database driver, the JSON response) can write, so it would become
a 500, or a row that can never be read back. Deep JSON would exhaust the parser's or
the serialiser's recursion limit. Both are refused here, as malformed input.
"""

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from app.core.errors import ValidationError

JSON = "application/json"
LONE_SURROGATE_MESSAGE = "must not contain lone UTF-16 surrogates"

_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON string, escapes included; what it holds must not count as nesting. An
# unterminated one runs to the end in the same single attempt, so the scan stays linear.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_json(sent: str) -> bool:
    """application/json, or a JSON-based type such as application/merge-patch+json."""
    return sent == JSON or (sent.startswith("application/") and sent.endswith("+json"))


def has_lone_surrogate(text: str) -> bool:
    # Pairs arrive already joined (json, URL and form decoding combine them), so any
    # surrogate code point left in a str is a lone one.
    return _SURROGATE.search(text) is not None


def lone_surrogate_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[str]:
    """The dotted path of every string (or of the object whose key) holding a lone
    surrogate, as field errors name fields; the whole body is `body`."""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            yield ".".join(path) or "body"
        return
    if isinstance(value, dict):
        if any(has_lone_surrogate(key) for key in value):
            yield ".".join(path) or "body"
        # Below a bad key, a path would hold the surrogate itself: the object is named.
        items: Iterator[tuple[Any, Any]] = (
            (key, item) for key, item in value.items() if not has_lone_surrogate(key)
        )
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield from lone_surrogate_paths(item, (*path, str(key)))


def check_query_string(query_string: bytes) -> None:
    """A 400 naming each parameter whose name or value is not UTF-8 once
    percent-decoded (a lone surrogate arrives as `%ED%A0%80`), which the frameworks
    would silently turn into U+FFFD, and each parameter given more than once, of which
    they would silently keep one."""
    names = undecodable_query_names(query_string)
    if names:
        raise ValidationError(
            details=[{"field": name, "message": "must be valid UTF-8 text"} for name in names]
        )
    repeated = repeated_query_names(query_string)
    if repeated:
        raise ValidationError(
            details=[{"field": name, "message": "must be given once"} for name in repeated]
        )


def repeated_query_names(query_string: bytes) -> list[str]:
    """The parameters named more than once (`?page=1&page=2`), in order of appearance.
    Lists are one parameter with commas (`?id__in=1,2`)."""
    seen: set[str] = set()
    repeated: list[str] = []
    for pair in query_string.split(b"&"):
        if not pair:
            continue
        name = unquote_to_bytes(pair.partition(b"=")[0].replace(b"+", b" ")).decode()
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated


def undecodable_query_names(query_string: bytes) -> list[str]:
    """The parameters whose name or value is not UTF-8 once percent-decoded, named as
    far as they can be read."""
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


def json_too_deep(text: str, max_depth: int) -> bool:
    """Whether the JSON text nests objects and arrays deeper than `max_depth`, judged on
    the text: the parser itself recurses once per level and would fail first.

    Strings are cut out, then each pass removes the innermost empty pairs; nesting that
    survives `max_depth` passes is deeper than that. Every pass runs in C.
    """
    brackets = _NOT_BRACKETS.sub("", _JSON_STRING.sub("", text))
    brackets = brackets.replace("{", "[").replace("}", "]")
    for _ in range(max_depth):
        if not brackets:
            return False
        brackets = brackets.replace("[]", "")
    # Unbalanced leftovers (malformed JSON) are for the parser to report.
    return "[]" in brackets


def parse_json_body(raw: bytes, max_depth: int) -> Any:
    """A request's JSON body, or a 400: not UTF-8 (RFC 8259 allows no other encoding),
    not JSON, nested deeper than `max_depth`, or holding lone surrogates. Both
    frameworks read their bodies through this, in the rank of malformed JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("Malformed request body") from None
    if json_too_deep(text, max_depth):
        details = [{"field": "body", "message": f"JSON is nested deeper than {max_depth} levels"}]
        raise ValidationError("Malformed JSON body", details)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        details = [{"field": "body", "message": "Request body is not valid JSON"}]
        raise ValidationError("Malformed JSON body", details) from None
    fields = list(dict.fromkeys(lone_surrogate_paths(document)))
    if fields:
        raise ValidationError(
            details=[{"field": field, "message": LONE_SURROGATE_MESSAGE} for field in fields]
        )
    return document


def is_canonical_integer(text: str) -> bool:
    """Decimal digits as a person writes them: no sign but "-", no leading zeros,
    spaces or underscores, which int() and pydantic would otherwise accept."""
    return re.fullmatch(r"0|-?[1-9][0-9]*", text) is not None
