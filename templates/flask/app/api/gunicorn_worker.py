"""The gunicorn worker (see gunicorn.conf.py): gthread, with gunicorn's own 414 and 431
answered in the API's envelope rather than as an HTML page.

The app answers over-large headers itself (app/core/request_limits.py) and gunicorn's
header limits sit above its own. A request line cannot be allowed past 8190 bytes
without lifting gunicorn's limit altogether, so there gunicorn answers first, at the
same limit as the app, and this worker gives its answer the app's shape and words.
"""

import contextlib
import uuid
from typing import Any

# gunicorn ships no type hints.
from gunicorn.http.errors import (  # type: ignore[import-untyped]
    LimitRequestHeaders,
    LimitRequestLine,
)
from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

from app.api.raw_response import envelope_response
from app.core.config import get_settings
from app.core.request_limits import header_too_large, headers_too_large, request_line_too_long
from app.core.request_log import log_request


class EnvelopeThreadWorker(ThreadWorker):  # type: ignore[misc]
    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, LimitRequestLine):
            error = request_line_too_long()
        elif isinstance(exc, LimitRequestHeaders):
            # gunicorn's messages tell one large field from too many or too much in all.
            error = header_too_large() if "size" in str(exc) else headers_too_large()
        else:
            super().handle_error(req, client, addr, exc)
            return
        request_id = str(uuid.uuid4())
        # The line every request is logged with, for one the app never saw.
        log_request(request_id, None, None, error.status_code, 0.0)
        # A client already gone has nothing left to be told.
        with contextlib.suppress(OSError):
            response = envelope_response(error, request_id, hsts=get_settings().is_production)
            client.sendall(response)
