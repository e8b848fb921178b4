from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, EmailStr, Field

from app.schemas.types import Text, UtcDatetime

PASSWORD_MIN_BYTES = 8
PASSWORD_MAX_BYTES = 72  # bcrypt ignores everything past 72 bytes


def normalise_email(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _check_password(value: str) -> str:
    size = len(value.encode())
    if not PASSWORD_MIN_BYTES <= size <= PASSWORD_MAX_BYTES:
        raise ValueError(f"must be {PASSWORD_MIN_BYTES} to {PASSWORD_MAX_BYTES} bytes long (UTF-8)")
    return value


Email = Annotated[EmailStr, BeforeValidator(normalise_email)]
Password = Annotated[Text, AfterValidator(_check_password)]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    email: Email
    password: Password
    name: Annotated[Text, Field(min_length=1, max_length=100)]


class UserOut(BaseModel):
    """The public form of a user: the password hash has no field to leak through."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    created_at: UtcDatetime
