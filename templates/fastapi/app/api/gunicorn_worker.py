"""The gunicorn worker (see gunicorn.conf.py): uvicorn's, with room for the app's limits.

h11 refuses a request whose line and headers together pass 16 KiB, with a plain-text
400. The app allows an 8 KiB request line and 32 KiB of headers and answers anything
larger itself, in the envelope (app/core/request_limits.py): h11's bound sits above both.
"""

from typing import Any

import uvicorn_worker  # type: ignore[import-untyped]  # ships no type hints

H11_MAX_INCOMPLETE_EVENT_BYTES = 64 * 1024


class EnvelopeUvicornWorker(uvicorn_worker.UvicornWorker):  # type: ignore[misc]  # untyped base
    CONFIG_KWARGS: dict[str, Any] = {
        **uvicorn_worker.UvicornWorker.CONFIG_KWARGS,
        "h11_max_incomplete_event_size": H11_MAX_INCOMPLETE_EVENT_BYTES,
    }
