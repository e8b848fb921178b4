from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClaimedTask:
    """What a worker needs of a row it has claimed. `attempt` is the row's attempt
    number at the claim: the outcome is recorded only while it is still that attempt."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int

    @property
    def attempts_left(self) -> bool:
        return self.attempt < self.max_attempts
