"""The log as the app writes it: its own handler (app/core/logging_config.py), in
either format, on a string the test can read."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.core.logging_config import LogFormat, build_handler


@contextmanager
def captured_log(log_format: LogFormat) -> Iterator[io.StringIO]:
    """Everything logged inside the block, down to DEBUG, written as the app writes it."""
    stream = io.StringIO()
    handler = build_handler(log_format, stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def json_lines(log: io.StringIO) -> list[dict[str, Any]]:
    """Each line as its JSON object; a line that is not one fails the test."""
    lines = [json.loads(line) for line in log.getvalue().splitlines()]
    assert all(isinstance(line, dict) for line in lines), lines
    return lines


def request_line(lines: list[dict[str, Any]], method: str, path: str) -> dict[str, Any]:
    """The one line the app logs for that request."""
    found = [line for line in lines if (line.get("method"), line.get("path")) == (method, path)]
    assert len(found) == 1, found
    return found[0]
