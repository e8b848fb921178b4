"""What routes need from the app: settings, the database and one session per request.

Everything lives on the Flask app (`app.extensions`), so several apps with different
settings can run side by side, as the tests do.
"""

from contextlib import ExitStack
from typing import cast

from flask import current_app, g, request

from app.core.config import Settings
from app.core.db import Database, DbSession
from app.core.readiness import Readiness

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# app.extensions is a dict of Any; create_app stores these.
def get_settings() -> Settings:
    return cast(Settings, current_app.extensions["settings"])


def get_database() -> Database:
    return cast(Database, current_app.extensions["database"])


def get_readiness() -> Readiness:
    return cast(Readiness, current_app.extensions["readiness"])


def get_db() -> DbSession:
    """The request's session, opened on first use and closed when the request ends.

    Writes get a session that takes the write lock up front (see app/core/db.py).
    """
    if "db" not in g:
        g.db_stack = ExitStack()
        session = get_database().session(write=request.method not in SAFE_METHODS)
        g.db = g.db_stack.enter_context(session)
    return cast(DbSession, g.db)


def close_db(_: BaseException | None = None) -> None:
    g.pop("db", None)
    stack: ExitStack | None = g.pop("db_stack", None)
    if stack is not None:
        stack.close()
