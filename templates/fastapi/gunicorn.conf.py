"""gunicorn settings, read from the environment: `gunicorn app.main:app`."""

import multiprocessing
import os

worker_class = "uvicorn_worker.UvicornWorker"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
accesslog = None  # the app logs one line per request, with its request id
errorlog = "-"
