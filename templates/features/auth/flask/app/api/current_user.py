"""`auth`: APIFlask's HTTPTokenAuth for `Authorization: Bearer <token>`. Routes put
`@bp.auth_required(auth)` above `@bp.input(...)` (the token is judged before the fields)
and read the caller from `auth.current_user`."""

from typing import NoReturn

from apiflask import HTTPError, HTTPTokenAuth
from flask import request

from app.api.deps import get_database, get_settings
from app.core.errors import Unauthorized
from app.core.request_log import set_user_id
from app.models.user import User
from app.services import auth as auth_service

auth = HTTPTokenAuth(
    scheme="Bearer",
    security_scheme_name="HTTPBearer",
    description="Access token from /api/v1/auth/login",
)


@auth.verify_token  # type: ignore[untyped-decorator]  # Flask-HTTPAuth ships no types
def verify_token(token: str) -> User:
    # A short read session of its own: a write request must not hold the SQLite write
    # lock from authentication through its slow work (file copies, hashing). Any failure
    # raises Unauthorized, answered in the envelope with its own message.
    with get_database().session(write=False) as db:
        user = auth_service.user_from_token(db, token or None, get_settings())
    set_user_id(user.id)
    return user


@auth.error_processor
def no_token(error: HTTPError) -> NoReturn:
    # Flask-HTTPAuth calls verify_token only for a token werkzeug could parse; it reads
    # "Bearer a=b" as parameters. Judge that one as FastAPI's HTTPBearer does. Raised,
    # the 401 is answered by the app's error handlers like any other.
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        verify_token(credentials.strip())
    raise Unauthorized()


def current_user() -> User:
    user = auth.current_user
    assert isinstance(user, User)  # only called under @bp.auth_required(auth)  # noqa: S101
    return user
