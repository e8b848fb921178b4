"""How the upload routes speak HTTP, the same on both frameworks: a download's status,
headers and bytes (whole, or one range of them), and how the OpenAPI document states
both routes. Each framework wraps `Download` in its own streaming response."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from app.core.byte_ranges import requested_range
from app.core.multipart import FILE_FIELD, MEDIA_TYPE
from app.models.upload import Upload
from app.services.uploads import StoredFile


@dataclass(frozen=True)
class Download:
    status: int  # 200, or 206 for a range
    headers: dict[str, str]
    stored: StoredFile
    start: int
    length: int

    def chunks(self) -> Iterator[bytes]:
        """Asks the store now (a 503 while no byte is sent yet when it is down); the
        bytes then come a chunk at a time."""
        return self.stored.open(self.start, self.length)


def file_download(
    upload: Upload, stored: StoredFile, range_header: str | None, if_range: str | None
) -> Download:
    """The whole file, or the one byte range asked for (RangeNotSatisfiable past its end)."""
    size = stored.size
    # If-Range holds a validator (an ETag or a date) this API never sends, so its
    # condition cannot hold: RFC 9110 §13.1.5 says to send the whole file.
    byte_range = requested_range(range_header, size) if if_range is None else None
    headers = {
        "Content-Type": upload.content_type,
        "Content-Disposition": content_disposition(upload.filename),
        "X-Content-Type-Options": "nosniff",
        "Accept-Ranges": "bytes",
    }
    if byte_range is None:
        return Download(200, {**headers, "Content-Length": str(size)}, stored, 0, size)
    headers["Content-Range"] = byte_range.content_range(size)
    headers["Content-Length"] = str(byte_range.length)
    return Download(206, headers, stored, byte_range.start, byte_range.length)


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def upload_request_body(description: str) -> dict[str, Any]:
    """The upload's body as the document states it (`document_upload_types` adds the
    accepted file types)."""
    schema = {
        "type": "object",
        "properties": {
            FILE_FIELD: {
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "description": description,
            }
        },
        "required": [FILE_FIELD],
    }
    return {"required": True, "content": {MEDIA_TYPE: {"schema": schema}}}


def document_upload_types(operation: dict[str, Any], allowed: list[str]) -> None:
    """The accepted file types (from the running settings) on a multipart body, so a
    client knows what is a 415 before it sends anything."""
    multipart = operation.get("requestBody", {}).get("content", {}).get(MEDIA_TYPE)
    if multipart is not None and allowed:
        multipart["encoding"] = {FILE_FIELD: {"contentType": ", ".join(allowed)}}


_ACCEPT_RANGES = {
    "description": "`bytes`: a `Range: bytes=first-last`, `bytes=first-` or "
    "`bytes=-length` header asks for one range of the file",
    "required": True,
    "schema": {"type": "string", "enum": ["bytes"]},
}

# The download's success responses; its 416 is RANGE_NOT_SATISFIABLE below, in the envelope.
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file's bytes, with its stored content type. A Range header "
        "that is malformed, in another unit or asks for several ranges is ignored",
        "headers": {"Accept-Ranges": _ACCEPT_RANGES},
    },
    206: {
        "description": "The bytes of the one range asked for, with the stored content type",
        "headers": {
            "Accept-Ranges": _ACCEPT_RANGES,
            "Content-Range": {
                "description": "The range sent and the file's size: `bytes first-last/size`",
                "required": True,
                "schema": {"type": "string", "pattern": r"^bytes \d+-\d+/\d+$"},
            },
        },
    },
}

RANGE_NOT_SATISFIABLE: dict[str, Any] = {
    "description": "The range starts at or past the end of the file",
    "headers": {
        "Content-Range": {
            "description": "The file's size: `bytes */size`",
            "required": True,
            "schema": {"type": "string", "pattern": r"^bytes \*/\d+$"},
        }
    },
}
