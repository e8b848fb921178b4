"""Task kinds by name. A kind takes the JSON payload and returns a JSON-able result."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TaskFunction = Callable[[dict[str, Any]], Any]

DEFAULT_ATTEMPTS = 3


@dataclass(frozen=True)
class TaskKind:
    name: str
    run: TaskFunction
    # Runs a task of this kind may start, whether a run raised or its worker died.
    attempts: int


_KINDS: dict[str, TaskKind] = {}


def task(name: str, *, attempts: int = DEFAULT_ATTEMPTS) -> Callable[[TaskFunction], TaskFunction]:
    """Register a kind. A run that raises is tried again, with backoff, until `attempts`
    runs have started; `attempts=1` makes a kind that never runs twice, for work that
    must not be repeated (charging a card, sending a message that cannot be taken back)."""
    if attempts < 1:
        raise ValueError(f"task kind {name!r}: attempts must be at least 1")

    def register(function: TaskFunction) -> TaskFunction:
        if name in _KINDS:
            raise ValueError(f"task kind {name!r} is registered twice")
        _KINDS[name] = TaskKind(name=name, run=function, attempts=attempts)
        return function

    return register


def get_task(name: str) -> TaskKind | None:
    _load_kinds()
    return _KINDS.get(name)


def kind_names() -> list[str]:
    _load_kinds()
    return sorted(_KINDS)


def _load_kinds() -> None:
    # Importing the modules runs their @task decorators. Add new kind modules here.
    from app.tasks import echo  # noqa: F401
