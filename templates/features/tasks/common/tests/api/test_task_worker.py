"""The real worker process, `python -m app.worker`, on the tests' database and queue."""

import signal
import subprocess
import sys
import time

from tests.support.api import API
from tests.support.processes import PROJECT_ROOT, environment_of


def _statuses(client, headers, ids):
    return [client.get(f"{API}/tasks/{i}", headers=headers).json()["data"] for i in ids]


def test_the_worker_runs_what_the_api_queued_and_stops_cleanly_on_sigterm(
    client, auth_headers, settings
):
    bodies = [{"kind": "echo", "payload": {"n": n}} for n in range(3)]
    ids = [
        client.post(f"{API}/tasks", json=body, headers=auth_headers).json()["data"]["id"]
        for body in bodies
    ]
    worker = subprocess.Popen(  # noqa: S603 (a fixed command: this interpreter, this project)
        [sys.executable, "-m", "app.worker"],
        cwd=PROJECT_ROOT,
        env=environment_of(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            statuses = _statuses(client, auth_headers, ids)
            if all(status["status"] == "done" for status in statuses):
                break
            time.sleep(0.1)
        assert [(s["status"], s["result"], s["attempts"]) for s in statuses] == [
            ("done", {"n": n}, 1) for n in range(3)
        ]
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    assert worker.returncode == 0, output
