from flask import Response


def no_content() -> Response:
    """A 204: no body, so no Content-Type either (as Starlette answers it)."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response
