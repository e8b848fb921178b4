"""Logging set-up shared by the app, gunicorn (gunicorn.conf.py) and the tests.

LOG_FORMAT=text writes one readable line per record. LOG_FORMAT=json writes one JSON
object per line, for a log collector: time (UTC, ISO 8601), level, logger, message, the
request's fields while one is served (request_id, and user_id once authenticated), the
request line's own (method, path, status, duration_ms), and a traceback as one
`exception` string.
"""

import logging
from typing import IO, Any, Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from app.core.request_log import request_fields

LogFormat = Literal["text", "json"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# `time` is named first so it leads each object; the formatter fills it (timestamp=).
JSON_FIELDS = "%(time)s %(levelname)s %(name)s %(message)s"


class RequestFieldsFilter(logging.Filter):
    """Gives each record the fields of the request being served, unless it has its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in request_fields().items():
            record.__dict__.setdefault(name, value)
        return True


def build_formatter(log_format: LogFormat) -> logging.Formatter:
    if log_format == "text":
        return logging.Formatter(TEXT_FORMAT)
    return JsonFormatter(
        JSON_FIELDS,
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
        timestamp="time",
        # uvicorn's records carry a second copy of their message, with colour codes.
        reserved_attrs=[*RESERVED_ATTRS, "color_message"],
    )


def build_handler(log_format: LogFormat, stream: IO[str] | None = None) -> logging.Handler:
    """The handler every line goes through: to stderr unless given another stream."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(build_formatter(log_format))
    handler.addFilter(RequestFieldsFilter())
    return handler


def configure_logging(level: str, log_format: LogFormat) -> None:
    root = logging.getLogger()
    # gunicorn (JSON, through gunicorn_log_config) and pytest install their own handlers;
    # only add one when none exists.
    if not root.handlers:
        root.addHandler(build_handler(log_format))
    root.setLevel(level.upper())


def gunicorn_log_config(level: str, log_format: LogFormat) -> dict[str, Any]:
    """gunicorn's `logconfig_dict`. In JSON its own lines (and its workers', uvicorn's
    included) go through the app's handler too, so every line of the log parses. In
    text gunicorn keeps its own format ({} is its default)."""
    if log_format == "text":
        return {}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"app": {"()": build_handler, "log_format": log_format}},
        "root": {"level": level.upper(), "handlers": ["app"]},
        # uvicorn's worker gives its loggers gunicorn's handlers: uvicorn.error this one,
        # uvicorn.access none, as gunicorn.access has none (accesslog = None).
        "loggers": {"gunicorn.error": {"handlers": ["app"], "propagate": False}},
    }
