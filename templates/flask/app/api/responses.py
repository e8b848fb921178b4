"""JSON responses written exactly as Starlette writes them, so both frameworks answer
byte-for-byte alike (compact separators, UTF-8, never NaN)."""

import json
from typing import Any

from flask import Response
from pydantic import BaseModel


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(text.encode(), status=status, headers=headers, mimetype="application/json")


def no_content() -> Response:
    response = Response(status=204)
    # A 204 has no body, so it names no type either.
    del response.headers["Content-Type"]
    return response
