"""Maps every error FastAPI or the services raise to the envelope (see app/core/errors.py)."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.core.errors import AppError, error_body, field_errors, http_error_body


async def handle_app_error(_: Request, exc: AppError) -> JSONResponse:
    body = error_body(exc.code, exc.message, exc.details)
    # Retry-After on a 429, WWW-Authenticate on a 401.
    return JSONResponse(body, exc.status_code, headers=exc.headers or None)


async def handle_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        details = [{"field": "body", "message": "Request body is not valid JSON"}]
        return JSONResponse(error_body("VALIDATION_ERROR", "Malformed JSON body", details), 400)
    body = error_body("VALIDATION_ERROR", "Request validation failed", field_errors(errors))
    return JSONResponse(body, 400)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> str:
    """Every method the path answers. FastAPI keeps one route per method (and nests
    included routers), so each method is tried against the whole router instead."""
    allowed = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]
    return ", ".join(allowed)


async def handle_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return JSONResponse(http_error_body(exc.status_code), exc.status_code, headers=headers)


def register_error_handlers(app: FastAPI) -> None:
    # The decorator form, called directly: Starlette types add_exception_handler for
    # handlers of any Exception, which these narrower ones are not (mypy --strict).
    app.exception_handler(AppError)(handle_app_error)
    app.exception_handler(RequestValidationError)(handle_validation_error)
    app.exception_handler(StarletteHTTPException)(handle_http_exception)
