"""The request being served, as the logs see it: its id, and its user once known, on
every record logged while it is served; and the one line each request is logged with."""

import logging
import re
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger("app.request")

_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# A path is logged up to this many characters, then "…". Even escaped (up to 12 bytes a
# character), the line stays under PIPE_BUF (4 KiB): written in one piece, it cannot be
# torn by another worker writing to the same pipe, and a client cannot fill the log with
# 8 KiB a request.
MAX_LOGGED_PATH = 150


@dataclass
class RequestLogContext:
    request_id: str
    user_id: int | None = None


# Holds a mutable object, not the values: FastAPI runs sync dependencies in a copy of
# the context, and the user they authenticate must still reach the request's line.
_current: ContextVar[RequestLogContext | None] = ContextVar("request_log_context", default=None)


def request_id_from(sent: str | None) -> str:
    """The client's X-Request-ID when it is one short plain token, else a fresh one: a
    value that could forge log lines or grow without bound is never echoed."""
    if sent is not None and _VALID_REQUEST_ID.fullmatch(sent):
        return sent
    return str(uuid.uuid4())


def bind_request(request_id: str) -> Token[RequestLogContext | None]:
    return _current.set(RequestLogContext(request_id))


def unbind_request(token: Token[RequestLogContext | None]) -> None:
    _current.reset(token)


def set_user_id(user_id: int) -> None:
    context = _current.get()
    if context is not None:
        context.user_id = user_id


def request_fields() -> dict[str, Any]:
    """request_id, and user_id when known, of the request being served: none outside one."""
    context = _current.get()
    if context is None:
        return {}
    if context.user_id is None:
        return {"request_id": context.request_id}
    return {"request_id": context.request_id, "user_id": context.user_id}


def log_request(
    request_id: str, method: str | None, path: str | None, status: int, duration_ms: float
) -> None:
    """The request's line; method and path are None for a request too malformed to read."""
    if path is not None and len(path) > MAX_LOGGED_PATH:
        path = f"{path[:MAX_LOGGED_PATH]}…"
    fields: dict[str, Any] = {
        **request_fields(),
        "request_id": request_id,
        "status": status,
        "duration_ms": round(duration_ms, 1),
    }
    if method is not None and path is not None:
        fields |= {"method": method, "path": path}
    logger.info(
        "%s %s %s %.1fms request_id=%s",
        method or "-",
        # Escaped so a crafted path cannot forge extra lines in a text log.
        path.encode("unicode_escape").decode("ascii") if path is not None else "-",
        status,
        duration_ms,
        request_id,
        extra=fields,
    )
