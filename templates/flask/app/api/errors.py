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
    INTERNAL_ERROR_MESSAGE,
    AppError,
    PayloadTooLarge,
    error_body,
    http_error_body,
)

logger = logging.getLogger("app.request")

ErrorReply = tuple[dict[str, Any], int, dict[str, str]]


def handle_app_error(exc: AppError) -> ErrorReply:
    # Retry-After on a 429, WWW-Authenticate on a 401.
    return error_body(exc.code, exc.message, exc.details), exc.status_code, dict(exc.headers)


def handle_http_error(error: HTTPError) -> ErrorReply:
    status = error.status_code
    if status >= 500:
        return handle_unexpected(error)
    if status == 413:
        # werkzeug's own 413 (a body past request.max_content_length) says what ours says.
        limit = request.max_content_length
        message = f"Request body is larger than {limit} bytes" if limit else None
        return handle_app_error(PayloadTooLarge(message))
    headers: dict[str, str] = {}
    if status == 405 and error.headers:
        allow = str(dict(error.headers).get("Allow", ""))
        headers["Allow"] = ", ".join(served_methods(m.strip() for m in allow.split(",")))
    return http_error_body(status), status, headers


def handle_unexpected(exc: Exception) -> ErrorReply:
    # The traceback goes to the log only; the client gets a generic message.
    logger.exception("unhandled error request_id=%s", request_id_of(request.environ))
    return error_body("INTERNAL_ERROR", INTERNAL_ERROR_MESSAGE), 500, {}


def register_error_handlers(app: APIFlask) -> None:
    app.error_processor(handle_http_error)
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(Exception, handle_unexpected)
