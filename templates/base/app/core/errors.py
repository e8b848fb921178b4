"""Domain errors and the error envelope: the one place error codes meet HTTP statuses.

Services raise these; each framework layer turns them into responses with `error_body`.
"""

from collections.abc import Iterable, Mapping
from typing import Any

INTERNAL_ERROR_MESSAGE = "An unexpected error occurred"

# Statuses raised by the framework itself (unknown route, wrong method, ...) map here.
CODES_BY_STATUS = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    414: "URI_TOO_LONG",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    431: "HEADERS_TOO_LARGE",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}

# Fixed texts for the framework's own errors: its descriptions may describe internals.
_HTTP_MESSAGES = {
    400: "Malformed request body",
    404: "Not found",
    405: "Method not allowed",
}

# Where pydantic says where an error is; the envelope names only the field.
_LOCATION_PREFIXES = {"body", "query", "path", "header", "cookie"}


class AppError(Exception):
    status_code = 500
    code = "INTERNAL_ERROR"
    default_message = INTERNAL_ERROR_MESSAGE

    def __init__(self, message: str | None = None, details: list[dict[str, str]] | None = None):
        self.message = message or self.default_message
        self.details = details
        # Response headers the error needs (Retry-After on a 429); both frameworks add them.
        self.headers: dict[str, str] = {}
        super().__init__(self.message)


class ValidationError(AppError):
    status_code = 400
    code = "VALIDATION_ERROR"
    default_message = "Request validation failed"


class MalformedRequest(ValidationError):
    """A request the server could not parse: its line, a header, a chunked body's framing."""

    default_message = "Malformed HTTP request"


class Unauthorized(AppError):
    status_code = 401
    code = "UNAUTHORIZED"
    default_message = "Not authenticated"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        # RFC 6750: a 401 names the scheme the client should use.
        self.headers["WWW-Authenticate"] = "Bearer"


class Forbidden(AppError):
    status_code = 403
    code = "FORBIDDEN"
    default_message = "You do not have permission to do this"


class NotFound(AppError):
    status_code = 404
    code = "NOT_FOUND"
    default_message = "Resource not found"


class Conflict(AppError):
    status_code = 409
    code = "CONFLICT"
    default_message = "Resource already exists"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"
    default_message = "Request body is too large"


class UriTooLong(AppError):
    status_code = 414
    code = "URI_TOO_LONG"
    default_message = "Request line is too long"


class UnsupportedMediaType(AppError):
    status_code = 415
    code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "Unsupported media type"


class RateLimited(AppError):
    status_code = 429
    code = "RATE_LIMITED"
    default_message = "Too many attempts, try again later"

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(message)
        # Whole seconds, at least 1: RFC 9110's delay-seconds form of Retry-After.
        self.retry_after = max(1, retry_after)
        self.headers["Retry-After"] = str(self.retry_after)


class HeadersTooLarge(AppError):
    status_code = 431
    code = "HEADERS_TOO_LARGE"
    default_message = "Request headers are too large"


class ServiceUnavailable(AppError):
    status_code = 503
    code = "SERVICE_UNAVAILABLE"
    default_message = "Service unavailable"


def error_body(
    code: str, message: str, details: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"success": False, "error": error}


def http_error_body(status: int) -> dict[str, Any]:
    """The envelope for an error the framework raised itself (unknown route, wrong method)."""
    code = CODES_BY_STATUS.get(status, "HTTP_ERROR")
    return error_body(code, _HTTP_MESSAGES.get(status, code.replace("_", " ").capitalize()))


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Turn pydantic error dicts into `[{field, message}]`, never echoing the input."""
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _LOCATION_PREFIXES:
            loc = loc[1:]
        details.append({"field": ".".join(loc) or "body", "message": _message(error)})
    return details


def _message(error: Mapping[str, Any]) -> str:
    kind, context = error.get("type"), error.get("ctx") or {}
    # A length checked after a validator is reported by pydantic in "items"; text is
    # counted in characters, and says so.
    if isinstance(error.get("input"), str):
        if kind in ("string_too_long", "too_long"):
            return f"must be at most {context['max_length']} characters"
        if kind in ("string_too_short", "too_short"):
            return f"must be at least {context['min_length']} characters"
    if isinstance(context.get("error"), UnicodeError):
        # A codec's own message names encodings and positions: internals, not advice.
        return "must be valid Unicode text"
    return str(error.get("msg", "Invalid value")).removeprefix("Value error, ")
