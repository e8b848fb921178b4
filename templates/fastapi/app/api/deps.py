"""Request-scoped dependencies shared by the routes."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from app.core.config import Settings
from app.core.db import Database, DbSession
from app.schemas.common import PageQuery

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_database(request: Request) -> Database:
    return request.app.state.database


def get_db(request: Request) -> Iterator[DbSession]:
    # Writes get a session that takes the write lock up front (see app/core/db.py).
    write = request.method not in SAFE_METHODS
    with request.app.state.database.session(write=write) as db:
        yield db


def get_read_db(request: Request) -> Iterator[DbSession]:
    """For POST routes that only read (login), so slow work holds no write lock."""
    with request.app.state.database.session(write=False) as db:
        yield db


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
DbDep = Annotated[DbSession, Depends(get_db)]
ReadDbDep = Annotated[DbSession, Depends(get_read_db)]
PageDep = Annotated[PageQuery, Query()]
