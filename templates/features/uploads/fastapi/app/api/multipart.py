"""The upload route's body: multipart/form-data up to MAX_UPLOAD_BYTES, read by
app/core/multipart.py (as on Flask) rather than by FastAPI's own form parser."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from app.api.routing import GuardedRoute, has_body, media_type_of
from app.core.config import Settings
from app.core.errors import UnsupportedMediaType
from app.core.multipart import (
    MEDIA_TYPE,
    MULTIPART_OVERHEAD,
    MalformedMultipart,
    MultipartReader,
    UploadForm,
)


class MultipartRoute(GuardedRoute):
    """The upload routes. FastAPI sees no body parameter on them (`read_upload_form`
    reads it), so only the limit is decided here: 413 by Content-Length or while
    streaming, before anything else."""

    def body_limit(self, settings: Settings) -> int:
        if "POST" in (self.methods or ()):
            return settings.max_upload_bytes + MULTIPART_OVERHEAD
        # The download takes no body: the JSON routes' limit, as on Flask.
        return settings.max_body_bytes


async def read_upload_form(request: Request) -> AsyncIterator[UploadForm]:
    """The body, refused here if it is malformed; the route judges its `file` field."""
    form = UploadForm()
    if has_body(request):
        if media_type_of(request) != MEDIA_TYPE:
            raise UnsupportedMediaType("Content-Type must be multipart/form-data")
        reader = MultipartReader(request.headers["content-type"])
        try:
            async for chunk in request.stream():
                # Past SPOOL_MAX_BYTES the file is written to disk: off the event loop.
                await run_in_threadpool(reader.feed, chunk)
        except ClientDisconnect:
            raise MalformedMultipart("The body ends before its closing boundary") from None
        form = reader.finish()
    try:
        yield form
    finally:
        form.close()


# The route lists it before the token, so that a malformed body is a 400 before a 401,
# as a malformed JSON body is; the `file` field is judged after the token.
UploadFormDep = Annotated[UploadForm, Depends(read_upload_form)]
