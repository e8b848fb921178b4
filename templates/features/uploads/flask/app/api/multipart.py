"""The upload route's body: multipart/form-data up to MAX_UPLOAD_BYTES, read by
app/core/multipart.py (as on FastAPI) rather than by werkzeug's form parser."""

from typing import Any

from flask import Response, after_this_request, request
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from app.api.body import CHUNK_SIZE, FieldErrors, SchemaRefs, has_body, too_large
from app.api.deps import get_settings
from app.api.files import upload_request_body
from app.core.config import Settings
from app.core.multipart import (
    FILE_FIELD,
    MEDIA_TYPE,
    FileFieldError,
    MultipartReader,
    ReceivedFile,
    UploadForm,
)

# Room for the multipart boundaries and part headers around a file of the maximum size.
MULTIPART_OVERHEAD = 64 * 1024


class MultipartFile:
    media_type = MEDIA_TYPE
    unsupported_message = "Content-Type must be multipart/form-data"

    def __init__(self, description: str = "") -> None:
        self.description = description

    def limit(self, settings: Settings) -> int:
        return settings.max_upload_bytes + MULTIPART_OVERHEAD

    def accepts(self, media_type: str) -> bool:
        return media_type == self.media_type

    def read(self, limit: int) -> UploadForm:
        if not has_body():
            return UploadForm()
        reader = MultipartReader(request.content_type or "")
        received = 0
        # Counted here as well as by Content-Length: a chunked body declares none.
        while chunk := request.stream.read(CHUNK_SIZE):
            received += len(chunk)
            if received > limit:
                raise too_large(limit)
            reader.feed(chunk)
        form = reader.finish()

        @after_this_request
        def close_form(response: Response) -> Response:
            form.close()
            return response

        return form

    def validate(self, raw: UploadForm) -> tuple[ReceivedFile | None, FieldErrors]:
        try:
            return raw.single_file(), []
        except FileFieldError as error:
            return None, [{"type": "value_error", "loc": (FILE_FIELD,), "msg": error.problem}]

    def schemas(self) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
        return []  # the body's schema is written out in `openapi`

    def openapi(
        self, refs: SchemaRefs, operation_id: str, schemas: dict[str, Any]
    ) -> dict[str, Any]:
        body = upload_request_body(self.description)
        # The accepted file types (from the running settings), so a client knows what
        # is a 415 before it sends anything.
        allowed = ", ".join(get_settings().upload_allowed_type_list)
        body["content"][MEDIA_TYPE]["encoding"] = {FILE_FIELD: {"contentType": allowed}}
        return body
