"""Maps every error Flask, werkzeug or the services raise to the envelope
(see app/core/errors.py), with the same codes and messages as the FastAPI stack."""

import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from app.api.middleware import request_id_of
from app.api.responses import json_response
from app.api.routing import allowed_methods
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


def handle_app_error(exc: AppError) -> Response:
    headers = dict(exc.headers)  # e.g. Retry-After on a 429
    if exc.status_code == 401:
        # RFC 6750: a 401 names the scheme the client should use.
        headers["WWW-Authenticate"] = "Bearer"
    body = error_body(exc.code, exc.message, exc.details)
    return json_response(body, exc.status_code, headers or None)


def handle_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status >= 500:
        # werkzeug's own 500 wraps an error raised outside a view (in an error handler,
        # say): the same generic answer as any other, and the traceback in the log.
        return handle_unexpected(exc)
    if status == 413:
        # werkzeug's own 413 (a streamed upload past its limit) says what ours says.
        limit = request.max_content_length
        message = f"Request body is larger than {limit} bytes" if limit else None
        return handle_app_error(PayloadTooLarge(message))
    code = CODES_BY_STATUS.get(status, "HTTP_ERROR")
    message = _HTTP_MESSAGES.get(status, code.replace("_", " ").capitalize())
    headers = None
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers = {"Allow": ", ".join(allowed_methods(exc.valid_methods))}
    return json_response(error_body(code, message), status, headers)


def handle_unexpected(exc: Exception) -> Response:
    # The traceback goes to the log only; the client gets a generic message.
    logger.exception("unhandled error request_id=%s", request_id_of(request.environ))
    return json_response(error_body("INTERNAL_ERROR", INTERNAL_ERROR_MESSAGE), 500)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
