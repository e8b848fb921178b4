"""Every error in the envelope (see app/core/errors.py), with the same codes and messages
as the FastAPI stack: our own AppErrors, and APIFlask's HTTPError for what Flask and
werkzeug raise (unknown route, wrong method, a streamed body past its limit)."""

import logging
from typing import Any

from apiflask import APIFlask, HTTPError
from flask import request

from app.api.hooks import served_methods
from app.api.middleware import request_id_of
from app.core.errors import (
    CODES_BY_STATUS,
    INTERNAL_ERROR_MESSAGE,
    AppError,
    PayloadTooLarge,
    error_body,
)

logger = logging.getLogger("app.request")

# Fixed texts: werkzeug's own descriptions may describe internals.
_HTTP_MESSAGES = {
    400: "Malformed request body",
    404: "Not found",
    405: "Method not allowed",
}


ErrorReply = tuple[dict[str, Any], int, dict[str, str]]


def handle_app_error(exc: AppError) -> ErrorReply:
    headers = dict(exc.headers)  # e.g. Retry-After on a 429
    if exc.status_code == 401:
        # RFC 6750: a 401 names the scheme the client should use.
        headers["WWW-Authenticate"] = "Bearer"
    return error_body(exc.code, exc.message, exc.details), exc.status_code, headers


def handle_http_error(error: HTTPError) -> ErrorReply:
    status = error.status_code
    if status >= 500:
        return handle_unexpected(error)
    if status == 413:
        # werkzeug's own 413 (a body past request.max_content_length) says what ours says.
        limit = request.max_content_length
        return handle_app_error(
            PayloadTooLarge(f"Request body is larger than {limit} bytes" if limit else None)
        )
    code = CODES_BY_STATUS.get(status, "HTTP_ERROR")
    message = _HTTP_MESSAGES.get(status, code.replace("_", " ").capitalize())
    headers: dict[str, str] = {}
    if status == 405 and error.headers:
        allow = str(dict(error.headers).get("Allow", ""))
        headers["Allow"] = ", ".join(served_methods(m.strip() for m in allow.split(",")))
    return error_body(code, message), status, headers


def handle_unexpected(exc: Exception) -> ErrorReply:
    # The traceback goes to the log only; the client gets a generic message.
    logger.exception("unhandled error request_id=%s", request_id_of(request.environ))
    return error_body("INTERNAL_ERROR", INTERNAL_ERROR_MESSAGE), 500, {}


def register_error_handlers(app: APIFlask) -> None:
    app.error_processor(handle_http_error)
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(Exception, handle_unexpected)
