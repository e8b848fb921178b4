from typing import Annotated, Literal

from email_validator import EmailNotValidError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.core.emails import normalise_email
from app.schemas.types import NotNull, Text, UtcDatetime

PASSWORD_MIN_LENGTH = 8
# Whole passwords are hashed (see app/core/security.py); the bound only keeps the
# hashing cost of one request small.
PASSWORD_MAX_LENGTH = 256


def _check_email(value: str) -> str:
    try:
        return normalise_email(value)
    except EmailNotValidError as exc:
        raise ValueError(f"value is not a valid email address: {exc}") from None


Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"format": "email"})]
# Counted in characters (code points), as the document's minLength/maxLength are.
Password = Annotated[
    Text,
    Field(
        min_length=PASSWORD_MIN_LENGTH,
        max_length=PASSWORD_MAX_LENGTH,
        json_schema_extra={"format": "password"},
    ),
]


UserName = Annotated[Text, Field(min_length=1, max_length=100)]
# Register always makes a "user"; an admin comes from `python -m app.cli` (see README).
Role = Literal["user", "admin"]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    email: Email
    password: Password
    name: UserName


class UserUpdate(BaseModel):
    """Body of PATCH /users/{id}, for admins: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: NotNull[UserName] = None
    role: NotNull[Role] = None


class UserOut(BaseModel):
    """A user's own form, as they and admins see it: the password hash has no field to
    leak through."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: Role
    created_at: UtcDatetime


class UserPublic(BaseModel):
    """Another user, as anyone signed in sees them: no email, no role."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: UtcDatetime
