from typing import Literal

from pydantic import BaseModel, ConfigDict


class LoginRequest(BaseModel):
    # Only presence and type are checked: a malformed email is just a failed login.
    model_config = ConfigDict(extra="forbid", strict=True)

    email: str
    password: str


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int
