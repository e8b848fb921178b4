"""The gunicorn worker (see gunicorn.conf.py): uvicorn's, with room for the app's limits
and its refusals in the envelope.

h11 refuses a request whose line and headers together pass its buffer, and one it cannot
parse, with a plain-text 400. The app allows an 8 KiB request line and 32 KiB of headers
and answers anything larger itself, in the envelope (app/core/request_limits.py): h11's
bound sits above both, and a request past even that bound gets the app's 414 or 431 from
this worker, in the envelope too; one h11 cannot parse gets the envelope's 400.
"""

import contextlib
import sys
from typing import Any

import uvicorn_worker  # type: ignore[import-untyped]  # ships no type hints
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.api.raw_response import malformed_request, refusal
from app.core.request_limits import headers_too_large, request_line_too_long

H11_MAX_INCOMPLETE_EVENT_BYTES = 64 * 1024


class EnvelopeH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with its refusals in the envelope: an over-long request head
    as the app's 414 or 431, any other request h11 cannot parse as a 400."""

    def send_400_response(self, msg: str) -> None:
        # Called while h11's RemoteProtocolError is handled: its hint (431) tells a head past
        # h11's buffer from one it could not parse, whatever body came after it.
        if getattr(sys.exc_info()[1], "error_status_hint", 400) == 431:
            unread, _ = self.conn.trailing_data
            # No line break yet: the request line alone filled the buffer.
            too_long = b"\r\n" not in unread
            answer = refusal(request_line_too_long() if too_long else headers_too_large())
        else:
            answer = malformed_request()
        # A client already gone has nothing left to be told.
        with contextlib.suppress(OSError):
            self.transport.write(answer)
        self.transport.close()


class EnvelopeUvicornWorker(uvicorn_worker.UvicornWorker):  # type: ignore[misc]  # untyped base
    CONFIG_KWARGS: dict[str, Any] = {
        **uvicorn_worker.UvicornWorker.CONFIG_KWARGS,
        "http": EnvelopeH11Protocol,
        "h11_max_incomplete_event_size": H11_MAX_INCOMPLETE_EVENT_BYTES,
    }
