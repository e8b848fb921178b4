"""The authenticated user, or a 401 in the envelope."""

from flask import request

from app.api.deps import get_database, get_settings
from app.api.routing import Authenticator
from app.core.request_log import set_user_id
from app.models.user import User
from app.services import auth as auth_service


def bearer_token() -> str | None:
    """`Authorization: Bearer <token>`, read exactly as FastAPI's HTTPBearer reads it."""
    authorization = request.headers.get("Authorization")
    if not authorization:
        return None
    scheme, _, credentials = authorization.partition(" ")
    credentials = credentials.strip()
    if not (scheme and credentials) or scheme.lower() != "bearer":
        return None
    return credentials


def current_user() -> User:
    # A short read session of its own: a write request must not hold the SQLite write
    # lock from authentication through its slow work (file copies, hashing).
    with get_database().session(write=False) as db:
        user = auth_service.user_from_token(db, bearer_token(), get_settings())
    set_user_id(user.id)
    return user


bearer_auth = Authenticator(
    resolve=current_user,
    scheme_name="HTTPBearer",
    scheme={
        "type": "http",
        "description": "Access token from /api/v1/auth/login",
        "scheme": "bearer",
    },
)
