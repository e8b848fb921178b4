from typing import Literal

from pydantic import BaseModel, ConfigDict


class HealthOut(BaseModel):
    status: str
    database: str


class ReadyOut(BaseModel):
    # Plus one "ok" per other backing service the app checks (app/core/readiness.py).
    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, str]

    status: Literal["ready"]
    database: Literal["ok"]
    migrations: Literal["current"]
