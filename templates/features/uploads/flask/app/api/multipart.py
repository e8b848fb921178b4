"""The upload route's body: multipart/form-data with one file field, up to
MAX_UPLOAD_BYTES. werkzeug spools the file to disk as it arrives."""

from typing import Any
from urllib.parse import quote

from flask import request
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from app.api.body import FieldErrors, SchemaRefs, missing_error, too_large
from app.api.deps import get_settings
from app.core.config import Settings
from app.core.errors import ValidationError

# Room for the multipart boundaries and part headers around a file of the maximum size.
MULTIPART_OVERHEAD = 64 * 1024


class MultipartFile:
    media_type = "multipart/form-data"
    unsupported_message = "Content-Type must be multipart/form-data"

    def __init__(self, field: str = "file", description: str = "") -> None:
        self.field = field
        self.description = description

    def limit(self, settings: Settings) -> int:
        return settings.max_upload_bytes + MULTIPART_OVERHEAD

    def accepts(self, media_type: str) -> bool:
        return media_type == self.media_type

    def read(self, limit: int) -> FileStorage | str | None:
        # Also caps bodies streamed without Content-Length (werkzeug raises a 413).
        request.max_content_length = limit
        if request.mimetype == self.media_type and not request.mimetype_params.get("boundary"):
            raise ValidationError("Malformed request body")
        try:
            file = request.files.get(self.field)
            # A plain text field of that name is not a file (refused in `validate`).
            return file if file is not None else request.form.get(self.field) or None
        except RequestEntityTooLarge:
            raise too_large(limit) from None

    def validate(self, raw: FileStorage | str | None) -> tuple[Any, FieldErrors]:
        # Browsers send an empty, nameless part when no file was chosen: that is missing.
        if raw is None or (isinstance(raw, FileStorage) and not raw.filename and _is_empty(raw)):
            return None, [missing_error(self.field)]
        if isinstance(raw, str):
            # FastAPI's wording, so both stacks answer alike.
            message = "Expected UploadFile, received: <class 'str'>"
            return None, [{"type": "value_error", "loc": (self.field,), "msg": message}]
        return raw, []

    def schemas(self) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
        return []  # the file part's schema is written out in `openapi`

    def openapi(
        self, refs: SchemaRefs, operation_id: str, schemas: dict[str, Any]
    ) -> dict[str, Any]:
        name = f"Body_{operation_id}"
        schemas[name] = {
            "properties": {
                self.field: {
                    "type": "string",
                    "contentMediaType": "application/octet-stream",
                    "title": self.field.title(),
                    "description": self.description,
                }
            },
            "type": "object",
            "required": [self.field],
            "title": name,
        }
        # The accepted file types (from the running settings), so a client knows what
        # is a 415 before it sends anything.
        allowed = ", ".join(get_settings().upload_allowed_type_list)
        media = {
            "schema": {"$ref": f"#/components/schemas/{name}"},
            "encoding": {self.field: {"contentType": allowed}},
        }
        return {"content": {self.media_type: media}, "required": True}


def _is_empty(file: FileStorage) -> bool:
    position = file.stream.tell()
    empty = not file.stream.read(1)
    file.stream.seek(position)
    return empty


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
