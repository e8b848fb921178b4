"""The OpenAPI 3.1 document, built from the routes' own declarations and the same
pydantic schemas that validate requests, shaped like FastAPI's document."""

from typing import Any

from flask import Flask, Response, current_app
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema

from app.api.body import SchemaRefs
from app.api.responses import json_response
from app.api.routing import Operation
from app.core.ids import ID_SCHEMA
from app.schemas.common import ErrorEnvelope

REF_TEMPLATE = "#/components/schemas/{model}"
_DESCRIPTIONS = {
    400: "Validation error (fields, query parameters or malformed JSON)",
    401: "Missing or invalid access token",
    403: "Not the owner",
    404: "Not found",
    409: "Conflict with existing data",
    413: "Body too large",
    415: "Unsupported media type",
    429: "Too many attempts; Retry-After says how many seconds to wait",
    500: "Unexpected error",
    503: "Database unavailable",
}
# Every route can fail unexpectedly; FastAPI's router declares the same.
ALWAYS = (500,)
# Headers an error response always carries, declared as FastAPI's document declares them.
ERROR_HEADERS = {
    429: {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    }
}


class SchemaGenerator(GenerateJsonSchema):
    """pydantic's JSON Schema without `"default": null`, as in FastAPI's document: for a
    PATCH field None only means "not sent", and a fuzzer must not send null for it."""

    def default_schema(self, schema: Any) -> dict[str, Any]:
        json_schema = super().default_schema(schema)
        if "default" in json_schema and json_schema["default"] is None:
            del json_schema["default"]
        return json_schema


def operation_id(op: Operation) -> str:
    """The view's name (`list_items`, `login`), so a client generated from the document
    calls it by that name; a read named for what it returns (`health`, `me`) becomes
    `get_health`, `get_me`. The FastAPI stack names its operations the same way."""
    if op.method == "GET" and "_" not in op.name:
        return f"get_{op.name}"
    return op.name


def build_document(title: str, version: str, operations: list[Operation]) -> dict[str, Any]:
    wanted: list[tuple[Any, JsonSchemaMode]] = [(ErrorEnvelope, "serialization")]
    for op in operations:
        if op.body is not None:
            wanted += op.body.schemas()
        if op.response is not None:
            wanted.append((op.response, "serialization"))
    refs, definitions = models_json_schema(
        list(dict.fromkeys(wanted)), ref_template=REF_TEMPLATE, schema_generator=SchemaGenerator
    )
    schemas: dict[str, Any] = dict(definitions.get("$defs", {}))
    security_schemes: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs, schemas)
        if op.auth is not None:
            security_schemes[op.auth.scheme_name] = op.auth.scheme
    components: dict[str, Any] = {"schemas": dict(sorted(schemas.items()))}
    if security_schemes:
        components["securitySchemes"] = security_schemes
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": components,
    }


def _operation(op: Operation, refs: SchemaRefs, schemas: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "tags": list(op.tags),
        "summary": op.name.replace("_", " ").title(),
        "operationId": operation_id(op),
    }
    if op.auth is not None:
        document["security"] = [{op.auth.scheme_name: []}]
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            # Every path parameter is an id; the view still reads it as text (parse_id).
            "schema": {**ID_SCHEMA, "title": name.replace("_", " ").title()},
        }
        for name in op.path_params
    ]
    if op.query is not None:
        query_schema = op.query.model_json_schema()
        required = set(query_schema.get("required", []))
        for name, schema in query_schema["properties"].items():
            parameters.append(
                {"name": name, "in": "query", "required": name in required, "schema": schema}
            )
    if parameters:
        document["parameters"] = parameters
    if op.body is not None:
        document["requestBody"] = op.body.openapi(refs, operation_id(op), schemas)
    document["responses"] = _responses(op, refs)
    return document


def _responses(op: Operation, refs: SchemaRefs) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "Successful Response"}
    if op.response is not None:
        schema = refs[(op.response, "serialization")]
        success["content"] = {"application/json": {"schema": schema}}
    responses = {str(op.status): success}
    error_schema = refs[(ErrorEnvelope, "serialization")]
    for status in (*ALWAYS, *op.errors):
        responses[str(status)] = {
            "description": _DESCRIPTIONS[status],
            "content": {"application/json": {"schema": error_schema}},
        }
        if status in ERROR_HEADERS:
            responses[str(status)]["headers"] = ERROR_HEADERS[status]
    # The route's own entries, as FastAPI's `responses=`: another status (a download's
    # 206 and 416) or more about one listed above.
    for status, extra in op.responses.items():
        responses.setdefault(str(status), {}).update(extra)
    return responses


def install_openapi(app: Flask, path: str, title: str, version: str) -> None:
    def openapi() -> Response:
        document = app.extensions.get("openapi_document")
        if document is None:
            operations = current_app.extensions.get("api_operations", [])
            document = app.extensions["openapi_document"] = build_document(
                title, version, operations
            )
        return json_response(document)

    app.add_url_rule(path, endpoint="openapi", view_func=openapi, methods=["GET"])
