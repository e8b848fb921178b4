"""gunicorn settings, read from the environment: `gunicorn app.main:app`.

Flask is WSGI: threaded workers (gthread) let one process serve several requests
while others wait on the database or a client.
"""

import multiprocessing
import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
accesslog = None  # the app logs one line per request, with its request id
errorlog = "-"
