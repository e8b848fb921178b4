"""The response envelope, pagination and error shapes (also used for OpenAPI)."""

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.types import INT32_MAX, QueryInt

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: T


class Pagination(BaseModel):
    page: int
    limit: int
    total: int
    pages: int

    @classmethod
    def build(cls, page: int, limit: int, total: int) -> "Pagination":
        return cls(page=page, limit=limit, total=total, pages=(total + limit - 1) // limit)


class ListEnvelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    pagination: Pagination


class PageQuery(BaseModel):
    """`?page=&limit=`: out-of-range values are a 400, never clamped, and any other
    parameter is a 400 too, never ignored (a list's own filters are a ListQuery's)."""

    model_config = ConfigDict(extra="forbid")

    page: QueryInt = Field(default=1, ge=1, le=INT32_MAX)
    limit: QueryInt = Field(default=10, ge=1, le=100)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


class FieldError(BaseModel):
    field: str
    message: str


class ErrorDetail(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"code": "NOT_FOUND", "message": "Item not found"}}
    )

    code: str
    message: str
    details: list[FieldError] | None = None


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    error: ErrorDetail
