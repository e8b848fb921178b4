"""The upload route's body rules: multipart/form-data, up to MAX_UPLOAD_BYTES."""

from urllib.parse import quote

from app.api.routing import GuardedRoute
from app.core.config import Settings

# Room for the multipart boundaries and part headers around a file of the maximum size.
MULTIPART_OVERHEAD = 64 * 1024


class MultipartRoute(GuardedRoute):
    unsupported_message = "Content-Type must be multipart/form-data"

    def body_limit(self, settings: Settings) -> int:
        if self.body_field is None:
            # The download takes no body: the JSON routes' limit, as on Flask.
            return settings.max_body_bytes
        return settings.max_upload_bytes + MULTIPART_OVERHEAD

    def accepts(self, media_type: str) -> bool:
        return media_type == "multipart/form-data"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
