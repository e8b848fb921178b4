"""Route registration: `ApiRouter` is to Flask blueprints what FastAPI's APIRouter is to
FastAPI. Each route declares its body, query, auth and responses once; the same
declaration runs the checks in the contract's order and feeds the OpenAPI document.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, request
from pydantic import BaseModel
from werkzeug.exceptions import MethodNotAllowed

from app.api.body import (
    BodySpec,
    JsonBody,
    check_query,
    declared_length,
    has_body,
    media_type_of,
    too_large,
    validate_query,
)
from app.api.deps import get_settings
from app.api.responses import json_response
from app.core.errors import UnsupportedMediaType, field_errors
from app.core.errors import ValidationError as RequestInvalid

_PATH_PARAM = re.compile(r"\{(\w+)\}")
# A view function; the route decorators return it unchanged, signature and all.
View = TypeVar("View", bound=Callable[..., Any])
METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Authenticator:
    """Resolves the caller (or raises a 401) and names its OpenAPI security scheme."""

    resolve: Callable[[], Any]
    scheme_name: str
    scheme: dict[str, Any]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI style: /items/{item_id}
    name: str
    tags: tuple[str, ...]
    status: int
    body: BodySpec | None = None  # JsonBody, or another spec (uploads)
    query: type[BaseModel] | None = None
    auth: Authenticator | None = None
    response: Any = None  # the pydantic type of a JSON success body
    errors: tuple[int, ...] = ()
    responses: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def path_params(self) -> list[str]:
        return _PATH_PARAM.findall(self.path)


class ApiRouter:
    def __init__(self, prefix: str = "", tags: Iterable[str] = (), name: str | None = None):
        self.prefix = prefix
        self.tags = tuple(tags)
        name = name or prefix.strip("/").replace("/", "_") or "api"
        self.blueprint = Blueprint(name, __name__, url_prefix=prefix or None)
        self.operations: list[Operation] = []

    def include_router(self, router: "ApiRouter") -> None:
        self.blueprint.register_blueprint(router.blueprint)
        self.operations += [replace(op, path=self.prefix + op.path) for op in router.operations]

    def route(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        body: type[BaseModel] | BodySpec | None = None,
        **spec: Any,
    ) -> Callable[[View], View]:
        # A pydantic model stands for a JSON body of its shape.
        body_spec = JsonBody(body) if isinstance(body, type) else body

        def decorator(view: View) -> View:
            op = Operation(
                method, self.prefix + path, view.__name__, self.tags, status, body_spec, **spec
            )
            self.operations.append(op)
            self.blueprint.add_url_rule(
                _PATH_PARAM.sub(r"<\1>", path),
                endpoint=view.__name__,
                view_func=_handler(op, view),
                methods=[method],
                provide_automatic_options=False,
            )
            return view

        return decorator

    def get(self, path: str, **spec: Any) -> Callable[[View], View]:
        return self.route("GET", path, **spec)

    def post(self, path: str, **spec: Any) -> Callable[[View], View]:
        return self.route("POST", path, **spec)

    def put(self, path: str, **spec: Any) -> Callable[[View], View]:
        return self.route("PUT", path, **spec)

    def patch(self, path: str, **spec: Any) -> Callable[[View], View]:
        return self.route("PATCH", path, **spec)

    def delete(self, path: str, **spec: Any) -> Callable[[View], View]:
        return self.route("DELETE", path, **spec)


def register_api(app: Flask, router: ApiRouter, prefix: str) -> None:
    app.register_blueprint(router.blueprint, url_prefix=prefix)
    operations = [replace(op, path=prefix + op.path) for op in router.operations]
    app.extensions.setdefault("api_operations", []).extend(operations)


def allowed_methods(methods: Iterable[str]) -> list[str]:
    # Werkzeug adds HEAD to every GET rule; FastAPI serves no HEAD, so neither do we.
    return [method for method in METHOD_ORDER if method in set(methods)]


def _handler(op: Operation, view: Callable[..., Any]) -> Callable[..., Response]:
    def handle(**path_params: str) -> Response:
        if request.method != op.method:  # HEAD, which werkzeug routes to every GET view
            adapter = current_app.create_url_adapter(request)
            methods = adapter.allowed_methods() if adapter is not None else ()
            raise MethodNotAllowed(valid_methods=allowed_methods(methods))
        raw = _read_body(op)
        kwargs: dict[str, Any] = dict(path_params)
        if op.auth is not None:
            kwargs["user"] = op.auth.resolve()
        errors: list[Mapping[str, Any]] = []
        if op.query is not None:
            kwargs["query"], query_errors = validate_query(op.query)
            errors += query_errors
        if op.body is not None:
            kwargs["payload"], body_errors = op.body.validate(raw)
            errors += body_errors
        if errors:
            raise RequestInvalid(details=field_errors(errors))
        return _to_response(op, view(**kwargs))

    handle.__name__ = view.__name__
    handle.__doc__ = view.__doc__
    return handle


def _read_body(op: Operation) -> Any:
    """413 by Content-Length on every route; 415 and reading only where a body is taken;
    then malformed input, before the token is checked."""
    settings = get_settings()
    limit = op.body.limit(settings) if op.body is not None else settings.max_body_bytes
    length = declared_length()
    if length is not None and length > limit:
        raise too_large(limit)
    if op.body is None:
        check_query()
        return None
    if has_body() and not op.body.accepts(media_type_of(request.content_type)):
        raise UnsupportedMediaType(op.body.unsupported_message)
    check_query()
    return op.body.read(limit)


def _to_response(op: Operation, result: Any) -> Response:
    """A view returns a Response as is, or a model (optionally with headers) as JSON."""
    if isinstance(result, Response):
        return result
    headers = None
    if isinstance(result, tuple):
        result, headers = result
    return json_response(result, op.status, headers)
