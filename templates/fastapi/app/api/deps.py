"""Request-scoped dependencies shared by the routes."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from app.core.config import Settings
from app.core.db import Database, DbSession
from app.schemas.common import PageQuery

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# app.state is untyped (Any); create_app stores these two, and the annotated
# assignments give the rest of the app their real types.
def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_db(request: Request) -> Iterator[DbSession]:
    # Writes get a session that takes the write lock up front (see app/core/db.py).
    write = request.method not in SAFE_METHODS
    with get_database(request).session(write=write) as db:
        yield db


def get_read_db(request: Request) -> Iterator[DbSession]:
    """For POST routes that only read (login), so slow work holds no write lock."""
    with get_database(request).session(write=False) as db:
        yield db


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
DbDep = Annotated[DbSession, Depends(get_db)]
ReadDbDep = Annotated[DbSession, Depends(get_read_db)]
PageDep = Annotated[PageQuery, Query()]
