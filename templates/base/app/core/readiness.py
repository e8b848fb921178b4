"""The checks behind GET /api/v1/ready, by name.

/health says the process and its database are alive; readiness asks more: that every
backing service answers and that the database's schema is the code's. create_app
registers the database's checks (app/services/readiness.py); whatever brings another
backing service (a queue, an object store) registers its own beside them.
"""

import logging
from collections.abc import Callable

from app.core.errors import ServiceUnavailable

logger = logging.getLogger(__name__)

# Returns what it found when the service is ready ("ok", "current"); raises NotReady
# (or anything else, for a service that does not answer) when it is not.
Check = Callable[[], str]


class NotReady(Exception):
    """A failed check. Its message reaches the client, so it says what to do, never
    how it failed inside (paths, drivers, hosts: those go to the log)."""


class Readiness:
    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def add(self, name: str, check: Check) -> None:
        """`name` is the check's key in the answer and the `field` of its error detail."""
        if name == "status" or name in self._checks:
            raise ValueError(f"readiness check {name!r} is already taken")
        self._checks[name] = check

    def run(self) -> dict[str, str]:
        """`{"status": "ready", <name>: <found>, ...}`, or a 503 naming every failing
        check: all of them run, so one answer shows everything that is wrong."""
        found: dict[str, str] = {}
        failures: list[dict[str, str]] = []
        for name, check in self._checks.items():
            try:
                found[name] = check()
            except NotReady as exc:
                failures.append({"field": name, "message": str(exc)})
            except Exception:
                logger.warning("readiness check %r failed", name, exc_info=True)
                failures.append({"field": name, "message": f"{name} is unavailable"})
        if failures:
            raise ServiceUnavailable("The service is not ready", details=failures)
        return {"status": "ready", **found}
