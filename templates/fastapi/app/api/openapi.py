"""OpenAPI that matches what the API really answers: the envelope, never FastAPI's 422."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.schemas.common import ErrorEnvelope

_DESCRIPTIONS = {
    400: "Validation error (fields, query parameters or malformed JSON)",
    401: "Missing or invalid access token",
    403: "Not the owner",
    404: "Not found",
    409: "Conflict with existing data",
    413: "Body too large",
    415: "Unsupported media type",
    500: "Unexpected error",
    503: "Database unavailable",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": ErrorEnvelope, "description": _DESCRIPTIONS[status]}
        for status in statuses
    }


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, routes=app.routes, servers=app.servers
            )
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    operation.get("responses", {}).pop("422", None)
            _document_upload_types(schema, app)
            components = schema.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                components.pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _document_upload_types(schema: dict[str, Any], app: FastAPI) -> None:
    """State the accepted file types (from the running settings) on every multipart body,
    so a client knows what is a 415 before it sends anything."""
    allowed = getattr(app.state.settings, "upload_allowed_type_list", None)
    if not allowed:
        return
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            content = operation.get("requestBody", {}).get("content", {})
            multipart = content.get("multipart/form-data")
            if multipart is not None:
                multipart["encoding"] = {"file": {"contentType": ", ".join(allowed)}}
