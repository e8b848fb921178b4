"""Request-scoped dependencies shared by the routes."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from app.core.config import Settings
from app.core.db import Database, DbSession
from app.core.ids import ID_SCHEMA
from app.core.readiness import Readiness
from app.schemas.common import PageQuery

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# app.state is untyped (Any); create_app stores these, and the annotated
# assignments give the rest of the app their real types.
def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_readiness(request: Request) -> Readiness:
    readiness: Readiness = request.app.state.readiness
    return readiness


@asynccontextmanager
async def _session(request: Request, *, write: bool) -> AsyncIterator[DbSession]:
    """A session for one request. Opening one does no I/O (the connection is taken on
    first use), so it happens on the event loop; closing gives the connection back,
    which may wait, so it runs in the thread pool. As a sync dependency this cost two
    more thread-pool hand-offs per request, a fifth of a list request's time."""
    context = get_database(request).session(write=write)
    db = context.__enter__()
    try:
        yield db
    except BaseException as error:
        if not await run_in_threadpool(context.__exit__, type(error), error, error.__traceback__):
            raise
    else:
        await run_in_threadpool(context.__exit__, None, None, None)


async def get_db(request: Request) -> AsyncIterator[DbSession]:
    # Writes get a session that takes the write lock up front (see app/core/db.py).
    async with _session(request, write=request.method not in SAFE_METHODS) as db:
        yield db


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ReadinessDep = Annotated[Readiness, Depends(get_readiness)]
DbDep = Annotated[DbSession, Depends(get_db)]
PageDep = Annotated[PageQuery, Query()]
# Documented as an integer, taken as text: the route's parse_id makes a malformed id
# the 404 of an unknown one, ranked after the body and the token, where FastAPI's own
# int conversion would answer 422 before either was looked at.
PathId = Annotated[str, Path(json_schema_extra=ID_SCHEMA)]
