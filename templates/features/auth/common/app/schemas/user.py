from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

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


def _check_email(value: str) -> str:
    try:
        # Syntax only: no DNS look-up, and special-use domains (name@site.test) are
        # addresses too, as the OpenAPI "email" format says.
        result = validate_email(
            value, check_deliverability=False, globally_deliverable=False, test_environment=True
        )
    except EmailNotValidError as exc:
        raise ValueError(f"value is not a valid email address: {exc}") from None
    return result.normalized


Email = Annotated[
    str,
    BeforeValidator(normalise_email),
    AfterValidator(_check_email),
    Field(json_schema_extra={"format": "email"}),
]
# The document states the limits in characters, which JSON Schema can express; the
# server counts UTF-8 bytes, which is what bcrypt sees.
Password = Annotated[
    Text,
    AfterValidator(_check_password),
    Field(
        json_schema_extra={
            "minLength": PASSWORD_MIN_BYTES,
            "maxLength": PASSWORD_MAX_BYTES,
            "format": "password",
            "description": f"{PASSWORD_MIN_BYTES} to {PASSWORD_MAX_BYTES} bytes in UTF-8",
        }
    ),
]


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
