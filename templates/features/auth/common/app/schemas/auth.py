from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.schemas.user import Password


class LoginRequest(BaseModel):
    # Only presence and type are checked: a malformed email is just a failed login.
    model_config = ConfigDict(extra="forbid", strict=True)

    email: str
    password: str


class Token(BaseModel):
    """A token pair: a short-lived access token (JWT) and the refresh token that buys the
    next pair once (`POST /auth/refresh`). Both lifetimes are in seconds."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


class RefreshRequest(BaseModel):
    """Body of refresh and logout. Any string: what is not a live token of ours is a 401
    (or, for logout, nothing to do), never a 400 that tells tokens apart."""

    model_config = ConfigDict(extra="forbid", strict=True)

    refresh_token: str


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    current_password: str
    new_password: Password


class PasswordResetRequest(BaseModel):
    # Only presence and type are checked: an address that is no account's gets the same
    # 202 as one that is.
    model_config = ConfigDict(extra="forbid", strict=True)

    email: str


class PasswordResetAccepted(BaseModel):
    message: str


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    token: str
    password: Password
