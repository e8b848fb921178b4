import math
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.tasks.registry import kind_names


def _portable_json(value: Any) -> Any:
    """Refuse what JSON cannot carry: NaN and Infinity (Python's parser lets them in)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("numbers must be finite")
    if isinstance(value, dict):
        for key, item in value.items():
            _portable_json(key)
            _portable_json(item)
    elif isinstance(value, list):
        for item in value:
            _portable_json(item)
    return value


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # The document lists the registered kinds, so clients (and fuzzers) know the rest are 400s.
    # A plain str: the enum already rules out anything but a registered name.
    kind: Annotated[
        str,
        Field(
            min_length=1,
            max_length=64,
            json_schema_extra=lambda schema: schema.update(enum=kind_names()),
        ),
    ]
    payload: Annotated[dict[str, Any], AfterValidator(_portable_json)] = Field(default_factory=dict)


class TaskAccepted(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    result: Any = None
    error: str | None = None
    # Runs started: more than one when a worker stopped mid-run and the task ran again.
    attempts: int
    created_at: datetime
    updated_at: datetime
