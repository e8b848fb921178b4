"""A whole HTTP/1.1 response in the API's envelope, for a request the server refused
before the app saw it (the gunicorn workers, app/api/gunicorn_worker.py)."""

import json
import uuid
from http import HTTPStatus

from app.api.middleware import REQUEST_ID_HEADER
from app.core.config import get_settings
from app.core.errors import AppError, MalformedRequest, error_body
from app.core.request_log import log_request
from app.core.security_headers import security_headers


def refusal(error: AppError) -> bytes:
    """The answer to a request the server refused unread, logged as every request is."""
    request_id = str(uuid.uuid4())
    log_request(request_id, None, None, error.status_code, 0.0)
    return envelope_response(error, request_id, hsts=get_settings().is_production)


def malformed_request() -> bytes:
    """The answer to a request the server could not parse at all (a header line without a
    colon, a raw byte outside ASCII in the path): a 400 in the envelope, not the server's
    own page."""
    return refusal(MalformedRequest())


def envelope_response(error: AppError, request_id: str, *, hsts: bool) -> bytes:
    """A whole HTTP/1.1 response, for a request that never reached the app."""
    body = json.dumps(error_body(error.code, error.message), separators=(",", ":")).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),
        (REQUEST_ID_HEADER, request_id),
        *security_headers(hsts=hsts),
    ]
    head = f"HTTP/1.1 {error.status_code} {HTTPStatus(error.status_code).phrase}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers)
    return (head + "\r\n").encode("latin-1") + body
