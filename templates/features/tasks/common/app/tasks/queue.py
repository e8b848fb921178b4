"""The task queue: Huey, on a SQLite file (one host) or Redis (several machines).

The queue carries only task ids. The row in `tasks` is what the API answers from, and
what makes delivery safe: a worker claims a row before running it, so an id delivered
twice runs once, a run that raised is queued again with a delay (Huey's schedule), and
the sweep re-queues rows whose message or worker was lost.
"""

import atexit
import logging
import threading
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from app.core.config import Settings
from app.core.db import Database
from app.core.readiness import NotReady
from app.services import tasks as tasks_service

logger = logging.getLogger(__name__)


class TaskQueue:
    def __init__(self, settings: Settings, database: Database) -> None:
        self.huey = open_huey(settings.task_queue_url)
        self.settings = settings
        self._database = database
        self._embedded: Consumer | None = None
        self._embedded_lock = threading.Lock()
        # Tasks this process is running now: what a stop that outlasts its timeout gives back.
        self._running: set[int] = set()
        self._running_lock = threading.Lock()
        lease = timedelta(seconds=settings.task_lease_seconds)
        # The first retry's backoff; read at each run, so a test may change it.
        self.retry_backoff = timedelta(seconds=settings.task_retry_backoff_seconds)

        def run_task(task_id: int) -> None:
            with self._running_lock:
                self._running.add(task_id)
            try:
                retry_in = tasks_service.run_task(
                    database, task_id, lease=lease, backoff=self.retry_backoff
                )
            finally:
                with self._running_lock:
                    self._running.discard(task_id)
            if retry_in is not None:
                self._enqueue_later(task_id, retry_in)

        def sweep_tasks() -> None:
            for task_id in tasks_service.sweep(database, lease=lease):
                self.enqueue(task_id)

        # Registered by name, the same in the API and in the workers. retries=0: Huey
        # never retries on its own; a run that raises is retried through its row (its
        # kind's attempts, backoff), and a worker that dies mid-run is noticed by the
        # sweep once its lease expires.
        self._run_task = self.huey.task(name="run_task", retries=0)(run_task)
        self._sweep_tasks = self.huey.periodic_task(crontab(minute="*"), name="sweep_tasks")(
            sweep_tasks
        )

    def enqueue(self, task_id: int) -> None:
        """Hand a committed task to the workers. Raises when the queue does not answer."""
        self._run_task(task_id)

    def _enqueue_later(self, task_id: int, delay: timedelta) -> None:
        try:
            self._run_task.schedule(args=(task_id,), delay=delay.total_seconds())
        except Exception:
            # The row is pending: the sweep queues it once a lease has passed its backoff.
            logger.exception("could not queue task %s for its next attempt", task_id)

    def sweep(self) -> None:
        """What the workers' scheduler runs every minute, run here and now."""
        self._sweep_tasks.call_local()

    def give_back_unfinished(self) -> list[int]:
        """The tasks still running in this process go back to the queue now rather than
        when their leases expire: what a worker does when its stop outlasts
        TASKS_SHUTDOWN_TIMEOUT. A run that still finishes afterwards is not recorded."""
        with self._running_lock:
            cut_short = sorted(self._running)
        released = tasks_service.release(self._database, cut_short)
        for task_id in released:
            self.enqueue(task_id)
        return released

    def run_queued(self) -> int:
        """Run every queued job in this thread, and every scheduled one now due, until
        none is left; return how many ran (for tests and one-off scripts; the workers do
        this in production). A job scheduled for later stays scheduled."""
        ran = 0
        while True:
            job = self.huey.dequeue()
            if job is None:
                due = self.huey.read_schedule()
                if not due:
                    return ran
                for job in due:
                    self.huey.enqueue(job)
            elif self.huey.ready_to_run(job):
                self.huey.execute(job)
                ran += 1
            else:
                self.huey.add_schedule(job)

    def check(self) -> str:
        """The readiness check `queue`: the queue's storage answers."""
        try:
            self.huey.pending_count()
        except Exception:
            logger.warning("task queue readiness check failed", exc_info=True)
            raise NotReady("Task queue is unavailable") from None
        return "ok"

    def consumer(self, *, embedded: bool = False) -> Consumer:
        """Huey's consumer for this queue: worker threads plus the scheduler that runs
        the sweep. Embedded, it leaves the signal handlers to the API server's own."""
        options: dict[str, Any] = {
            "workers": self.settings.task_workers,
            "worker_type": "thread",
            "periodic": True,
            "shutdown_timeout": self.settings.tasks_shutdown_timeout,
            # Poll an idle queue at most once a second (SQLite storage has no blocking read).
            "max_delay": 1.0,
            # SIGTERM, what service managers and orchestrators send, lets running tasks finish.
            "graceful_signal": "TERM",
        }
        if embedded:
            return EmbeddedConsumer(self.huey, **options)
        return WorkerConsumer(self.huey, **options)

    def start_embedded_worker(self) -> None:
        """Start a worker inside this process (development), once. It stops with the
        process, or at stop_embedded_worker()."""
        if self._embedded is not None:
            return
        with self._embedded_lock:
            if self._embedded is None:
                self._embedded = self.consumer(embedded=True)
                self._embedded.start()
                atexit.register(self.stop_embedded_worker)

    def stop_embedded_worker(self) -> None:
        with self._embedded_lock:
            worker, self._embedded = self._embedded, None
        if worker is not None:
            worker.stop(graceful=True)


class WorkerConsumer(Consumer):  # type: ignore[misc]
    """The worker process's consumer. Huey sets its signal handlers only once its threads
    run; a SIGTERM in between would kill the worker outright, so they come first here."""

    def start(self) -> None:
        self._set_signal_handlers()
        super().start()


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """A consumer started inside the API process in development: the dev server keeps
    its own signal handling (Ctrl-C, the reloader), and stops this one on shutdown."""

    def _set_signal_handlers(self) -> None:
        pass


def open_huey(url: str) -> Huey:
    """`sqlite:///path/to/queue.db` or `redis://host:6379/1`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///./task-queue.db is relative to the working directory, as DATABASE_URL.
        return SqliteHuey(name="tasks", filename=url.removeprefix("sqlite:///"), results=False)
    if parts.scheme in ("redis", "rediss"):
        return RedisHuey(name="tasks", url=url, results=False)
    raise ValueError(f"TASK_QUEUE_URL must start with sqlite:/// or redis://, not {parts.scheme!r}")
