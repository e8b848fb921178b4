"""The app's own limits on a request's line and headers: 414 and 431, in the envelope,
the same on every server. The servers' own limits are set above these, or answer in
the envelope too (app/api/gunicorn_worker.py), so that a plain-text or HTML page is
never what a client sees.
"""

from collections.abc import Collection

from app.core.errors import AppError, HeadersTooLarge, UriTooLong

# "GET /path?query HTTP/1.1": 8 KiB with its CRLF, which is also the most gunicorn allows.
MAX_REQUEST_LINE_BYTES = 8 * 1024 - len("\r\n")
MAX_HEADER_BYTES = 8 * 1024  # one "Name: value" line, without its CRLF
MAX_HEADERS_BYTES = 32 * 1024  # every header line, CRLFs included
MAX_HEADER_COUNT = 100


def request_line_too_long() -> AppError:
    return UriTooLong(f"The request line is longer than {MAX_REQUEST_LINE_BYTES} bytes")


def header_too_large() -> AppError:
    return HeadersTooLarge(f"A request header is larger than {MAX_HEADER_BYTES} bytes")


def headers_too_large() -> AppError:
    return HeadersTooLarge(
        f"The request has more than {MAX_HEADER_COUNT} headers"
        f" or more than {MAX_HEADERS_BYTES} bytes of them"
    )


def request_line_error(request_line_bytes: int) -> AppError | None:
    # Judged before the headers are read, as gunicorn does: the middleware gives the
    # answer a fresh X-Request-ID rather than the request's own.
    return request_line_too_long() if request_line_bytes > MAX_REQUEST_LINE_BYTES else None


def headers_error(headers: Collection[tuple[int, int]]) -> AppError | None:
    """The error for headers over a limit, or None. `headers` holds the length of each
    header's name and value, in bytes."""
    if len(headers) > MAX_HEADER_COUNT:
        return headers_too_large()
    total = 0
    for name, value in headers:
        line = name + len(": ") + value
        if line > MAX_HEADER_BYTES:
            return header_too_large()
        total += line + len("\r\n")
    return headers_too_large() if total > MAX_HEADERS_BYTES else None
