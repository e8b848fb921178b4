"""The authenticated user, or a 401 in the envelope (never FastAPI's own 403)."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.deps import DatabaseDep, SettingsDep
from app.core.request_log import set_user_id
from app.models.user import User
from app.services import auth as auth_service

bearer = HTTPBearer(auto_error=False, description="Access token from /api/v1/auth/login")


def get_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    database: DatabaseDep,
    settings: SettingsDep,
) -> User:
    token = credentials.credentials if credentials else None
    # A short read session of its own: a write request must not hold the SQLite write
    # lock from authentication through its slow work (file copies, hashing).
    with database.session(write=False) as db:
        user = auth_service.user_from_token(db, token, settings)
    set_user_id(user.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
