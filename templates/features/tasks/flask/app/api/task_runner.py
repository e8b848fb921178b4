"""The in-process task runner for Flask: a small thread pool per worker process.

Tasks are stored before they are submitted, so a task lost with its process stays
`pending` in the database rather than vanishing. For work that must survive restarts
or run elsewhere, swap this for a queue (RQ, Celery) behind the same `submit`.
"""

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from flask import current_app

# Enough to overlap a few slow tasks without competing with request threads.
MAX_WORKERS = 4


class TaskRunner:
    def __init__(self, max_workers: int = MAX_WORKERS) -> None:
        self._executor = ThreadPoolExecutor(max_workers, thread_name_prefix="task")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        future = self._executor.submit(function, *args)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def wait(self, timeout: float | None = None) -> None:
        """Block until every submitted task has finished (tests, graceful shutdown)."""
        with self._lock:
            pending = list(self._pending)
        wait(pending, timeout=timeout)

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)


def get_task_runner() -> TaskRunner:
    # app.extensions holds Any; create_app stores the runner under this key.
    runner: TaskRunner = current_app.extensions["task_runner"]
    return runner
