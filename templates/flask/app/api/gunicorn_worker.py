"""The gunicorn worker (see gunicorn.conf.py): gthread, with gunicorn's own 414 and 431,
and its 400 for a request it cannot parse, answered in the API's envelope rather than as
an HTML page.

The app answers over-large headers itself (app/core/request_limits.py) and gunicorn's
header limits sit above its own. A request line cannot be allowed past 8190 bytes
without lifting gunicorn's limit altogether, so there gunicorn answers first, at the
same limit as the app, and this worker gives its answer the app's shape and words.
"""

import contextlib
from typing import Any

# gunicorn ships no type hints.
from gunicorn.http.errors import (  # type: ignore[import-untyped]
    ChunkMissingTerminator,
    InvalidChunkSize,
    InvalidHeader,
    InvalidHeaderName,
    InvalidHTTPVersion,
    InvalidRequestLine,
    InvalidRequestMethod,
    LimitRequestHeaders,
    LimitRequestLine,
    ObsoleteFolding,
)
from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

from app.api.raw_response import malformed_request, refusal
from app.core.request_limits import header_too_large, headers_too_large, request_line_too_long

# Requests gunicorn could not parse. Matched by exact type: a response header the app got
# wrong is a subclass of InvalidHeader, and stays gunicorn's 500.
MALFORMED = (
    InvalidRequestLine,
    InvalidRequestMethod,
    InvalidHTTPVersion,
    InvalidHeader,
    InvalidHeaderName,
    ObsoleteFolding,
    InvalidChunkSize,
    ChunkMissingTerminator,
)


class EnvelopeThreadWorker(ThreadWorker):  # type: ignore[misc]
    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, LimitRequestLine):
            answer = refusal(request_line_too_long())
        elif isinstance(exc, LimitRequestHeaders):
            # gunicorn's messages tell one large field from too many or too much in all.
            answer = refusal(header_too_large() if "size" in str(exc) else headers_too_large())
        elif type(exc) in MALFORMED:
            answer = malformed_request()
        else:
            super().handle_error(req, client, addr, exc)
            return
        # A client already gone has nothing left to be told.
        with contextlib.suppress(OSError):
            client.sendall(answer)
