"""What routes need from the app: settings, the database and one session per request.

Everything lives on the Flask app (`app.extensions`), so several apps with different
settings can run side by side, as the tests do.
"""

from contextlib import ExitStack

from flask import current_app, g, request

from app.core.config import Settings
from app.core.db import Database, DbSession
from app.core.readiness import Readiness

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# app.extensions is a dict of Any; create_app stores these, and the annotated
# assignments give the rest of the app their real types.
def get_settings() -> Settings:
    settings: Settings = current_app.extensions["settings"]
    return settings


def get_database() -> Database:
    database: Database = current_app.extensions["database"]
    return database


def get_readiness() -> Readiness:
    readiness: Readiness = current_app.extensions["readiness"]
    return readiness


def get_db() -> DbSession:
    """The request's session, opened on first use and closed when the request ends.

    Writes get a session that takes the write lock up front (see app/core/db.py).
    """
    return _session(write=request.method not in SAFE_METHODS)


def _session(*, write: bool) -> DbSession:
    sessions: dict[bool, DbSession] = g.setdefault("db_sessions", {})
    if write not in sessions:
        stack: ExitStack = g.setdefault("db_stack", ExitStack())
        sessions[write] = stack.enter_context(get_database().session(write=write))
    return sessions[write]


def close_db(_: BaseException | None = None) -> None:
    stack: ExitStack | None = g.pop("db_stack", None)
    g.pop("db_sessions", None)
    if stack is not None:
        stack.close()
