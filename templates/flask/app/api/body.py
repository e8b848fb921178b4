"""Request bodies, checked in the contract's order: 413 (size), 415 (type), then
malformed input (400: not JSON, too deep, lone surrogates, an undecodable query);
field validation comes later, after authentication.

A body spec reads the raw body (`read`) and validates it (`validate`) as two steps so
that a missing token (401) can be judged between them, exactly as FastAPI does.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from flask import request
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from pydantic.json_schema import JsonSchemaMode, JsonSchemaValue

from app.api.deps import get_settings
from app.core.config import Settings
from app.core.errors import PayloadTooLarge
from app.core.input_checks import check_query_string, parse_json_body

CHUNK_SIZE = 64 * 1024
# What a body spec's `read` returns when the request has no body at all.
MISSING = object()

# pydantic's error dicts (ErrorDetails) and our own, as `field_errors` reads them.
FieldErrors = Sequence[Mapping[str, Any]]
# The `$ref` of each (model, mode) in the OpenAPI document (see app/api/openapi.py).
SchemaRefs = Mapping[tuple[Any, JsonSchemaMode], JsonSchemaValue]


class BodySpec(Protocol):
    """What a route's `body=` is: JsonBody below, or another kind (the upload route's
    MultipartFile). The router runs `limit`/`accepts`/`read`, then `validate`; the
    OpenAPI document asks for `schemas` and `openapi`."""

    media_type: str
    unsupported_message: str

    def limit(self, settings: Settings) -> int: ...

    def accepts(self, media_type: str) -> bool: ...

    def read(self, limit: int) -> Any: ...

    def validate(self, raw: Any) -> tuple[Any, FieldErrors]: ...

    def schemas(self) -> list[tuple[type[BaseModel], JsonSchemaMode]]: ...

    def openapi(
        self, refs: SchemaRefs, operation_id: str, schemas: dict[str, Any]
    ) -> dict[str, Any]: ...


def media_type_of(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def declared_length() -> int | None:
    try:
        return int(request.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def has_body() -> bool:
    length = declared_length()
    if length is not None:
        return length > 0
    return "Transfer-Encoding" in request.headers or "Content-Length" in request.headers


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"Request body is larger than {limit} bytes")


def missing_error(*loc: str) -> dict[str, Any]:
    return {"type": "missing", "loc": loc, "msg": "Field required"}


def read_limited(limit: int) -> bytes:
    """The whole body, refusing it once it passes `limit` (also without Content-Length)."""
    data = bytearray()
    while chunk := request.stream.read(CHUNK_SIZE):
        data += chunk
        if len(data) > limit:
            raise too_large(limit)
    return bytes(data)


class JsonBody:
    """A JSON object validated by a pydantic model (application/json or any +json)."""

    media_type = "application/json"
    unsupported_message = "Content-Type must be application/json"

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    def limit(self, settings: Settings) -> int:
        return settings.max_body_bytes

    def accepts(self, media_type: str) -> bool:
        return media_type == "application/json" or (
            media_type.startswith("application/") and media_type.endswith("+json")
        )

    def read(self, limit: int) -> Any:
        raw = read_limited(limit)
        if not raw:
            return MISSING
        return parse_json_body(raw, get_settings().max_json_depth)

    def validate(self, raw: Any) -> tuple[Any, FieldErrors]:
        if raw is MISSING:
            return None, [missing_error()]
        try:
            # from_attributes gives the same messages as FastAPI for a non-object body.
            return self.model.model_validate(raw, from_attributes=True), []
        except PydanticValidationError as exc:
            return None, exc.errors(include_url=False)

    def schemas(self) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
        return [(self.model, "validation")]

    def openapi(
        self, refs: SchemaRefs, operation_id: str, schemas: dict[str, Any]
    ) -> dict[str, Any]:
        schema = refs[(self.model, "validation")]
        return {"required": True, "content": {self.media_type: {"schema": schema}}}


def check_query() -> None:
    # WSGI carries the query string's bytes as latin-1 text.
    check_query_string(request.environ.get("QUERY_STRING", "").encode("latin-1", "replace"))


def validate_query(model: type[BaseModel]) -> tuple[Any, FieldErrors]:
    """Query parameters as FastAPI reads them: the last value of a repeated name wins."""
    values = {name: items[-1] for name, items in request.args.lists()}
    try:
        return model.model_validate(values), []
    except PydanticValidationError as exc:
        return None, exc.errors(include_url=False)
