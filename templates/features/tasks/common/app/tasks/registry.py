"""Task kinds by name. A kind takes the JSON payload and returns a JSON-able result."""

from collections.abc import Callable
from typing import Any

TaskFunction = Callable[[dict[str, Any]], Any]

_KINDS: dict[str, TaskFunction] = {}


def task(name: str) -> Callable[[TaskFunction], TaskFunction]:
    def register(function: TaskFunction) -> TaskFunction:
        if name in _KINDS:
            raise ValueError(f"task kind {name!r} is registered twice")
        _KINDS[name] = function
        return function

    return register


def get_task(name: str) -> TaskFunction | None:
    _load_kinds()
    return _KINDS.get(name)


def kind_names() -> list[str]:
    _load_kinds()
    return sorted(_KINDS)


def _load_kinds() -> None:
    # Importing the modules runs their @task decorators. Add new kind modules here.
    from app.tasks import echo  # noqa: F401
