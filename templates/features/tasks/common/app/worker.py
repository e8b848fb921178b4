"""The task worker: `python -m app.worker`.

Runs queued tasks in TASK_WORKERS threads, plus the scheduler that sweeps lost tasks
back into the queue every minute. SIGTERM or Ctrl-C stops it: running tasks get
TASKS_SHUTDOWN_TIMEOUT seconds to finish, and any cut short go back to the queue (if
the worker is killed instead, they go back once their lease expires). Start as many as
the load needs, on as many machines as share TASK_QUEUE_URL and DATABASE_URL.
"""

from app.core.config import get_settings
from app.core.db import Database
from app.core.logging_config import configure_logging
from app.tasks.queue import TaskQueue


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    database = Database(settings)
    queue = TaskQueue(settings, database)
    try:
        queue.consumer().run()
        queue.give_back_unfinished()
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
