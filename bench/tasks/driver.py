"""Task-queue figures for bench/tasks.mjs, run with a generated project's own Python in
its directory: job throughput through the API against Huey alone, latency from the POST
to the task starting (Redis and SQLite queues), and a worker's memory over 1,000 tasks.
Prints one JSON object."""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx

STAMP_KIND = '''import time
from typing import Any

from app.tasks.registry import task


@task("bench-stamp")
def stamp(payload: dict[str, Any]) -> dict[str, Any]:
    return {"started": time.time()}
'''

# Imported by name on both sides: Huey registers a task under its module's name.
ENGINE_ALONE = '''import os
import time

from huey import RedisHuey
from huey.consumer import Consumer

huey = RedisHuey(name="bench-engine", url=os.environ["BENCH_ENGINE_URL"], results=True)


def noop() -> float:
    return time.time()


noop_task = huey.task(name="noop")(noop)


def consume(workers: int) -> None:
    Consumer(huey, workers=workers, worker_type="thread", max_delay=1.0).run()
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not happen within {timeout} s")


class Processes:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"{name}.log").open("ab")
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.running.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        self.running.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.running):
            self.stop(proc)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def post_many(api: str, n: int, kind: str) -> list[tuple[int, float]]:
    """(id, time the 202 arrived) of n tasks, posted by 8 clients at once."""

    def post(client: httpx.Client) -> tuple[int, float]:
        reply = client.post(f"{api}/tasks", json={"kind": kind})
        if reply.status_code != 202:
            raise RuntimeError(f"POST /tasks: {reply.status_code} {reply.text}")
        return reply.json()["data"]["id"], time.time()

    with httpx.Client() as client, ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: post(client), range(n)))


def get_many(url: str, n: int) -> None:
    """n GETs, by 8 clients at once, as post_many posts."""

    def get(client: httpx.Client) -> None:
        reply = client.get(url)
        if reply.status_code != 200:
            raise RuntimeError(f"GET {url}: {reply.status_code} {reply.text}")

    with httpx.Client() as client, ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: get(client), range(n)))


def post_paced(api: str, n: int, every: float) -> list[tuple[int, float]]:
    """n tasks one after another, `every` seconds apart: the queue's own latency, not a
    backlog's. Timed from the moment each POST is sent: a worker may start the task
    before the client has read the 202, so timing from the 202 could go negative."""
    posted = []
    with httpx.Client() as client:
        for _ in range(n):
            sent = time.time()
            reply = client.post(f"{api}/tasks", json={"kind": "bench-stamp"})
            posted.append((reply.json()["data"]["id"], sent))
            time.sleep(every)
    return posted


def wait_done(api: str, ids: list[int], timeout: float = 300) -> list[dict]:
    rows: dict[int, dict] = {}
    deadline = time.monotonic() + timeout
    with httpx.Client() as client:
        while len(rows) < len(ids):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{len(ids) - len(rows)} tasks not done after {timeout} s")
            for task_id in ids:
                if task_id in rows:
                    continue
                data = client.get(f"{api}/tasks/{task_id}").json()["data"]
                if data["status"] == "failed":
                    raise RuntimeError(f"task {task_id} failed: {data['error']}")
                if data["status"] != "done":
                    break
                rows[task_id] = data
            else:
                continue
            time.sleep(0.05)
    return [rows[i] for i in ids]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=500)
    options = parser.parse_args()
    project = Path.cwd()
    (project / "app/tasks/bench_stamp.py").write_text(STAMP_KIND)
    registry = project / "app/tasks/registry.py"
    if "bench_stamp" not in registry.read_text():
        with registry.open("a") as f:
            f.write("    from app.tasks import bench_stamp  # noqa: F401\n")

    scratch = Path(tempfile.mkdtemp(prefix="bench-tasks-"))
    processes = Processes(scratch)
    redis_port = free_port()
    processes.start(
        "redis",
        ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--dir", str(scratch)],
        dict(os.environ),
    )
    redis_url = f"redis://127.0.0.1:{redis_port}"
    wait_until(lambda: socket.create_connection(("127.0.0.1", redis_port)).close() is None, 10, "redis")

    python = sys.executable
    gunicorn = str(Path(python).with_name("gunicorn"))
    api_port = free_port()
    api = f"http://127.0.0.1:{api_port}/api/v1"
    base = {
        **os.environ,
        "ENVIRONMENT": "production",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{scratch / 'app.db'}",
        "BIND": f"127.0.0.1:{api_port}",
        "WEB_CONCURRENCY": "2",
        "TASK_WORKERS": "2",
    }
    subprocess.run([str(Path(python).with_name("alembic")), "upgrade", "head"], env=base, check=True, capture_output=True)
    result: dict[str, object] = {"tasks": options.tasks}
    try:
        for queue, url in (("redis", f"{redis_url}/1"), ("sqlite", f"sqlite:///{scratch / 'queue.db'}")):
            env = {**base, "TASK_QUEUE_URL": url}
            server = processes.start(f"api-{queue}", [gunicorn, "app.main:app"], env)
            wait_until(lambda: httpx.get(f"{api}/health").status_code == 200, 60, "the API answering")
            workers = [processes.start(f"worker-{queue}-{i}", [python, "-m", "app.worker"], env) for i in range(2)]
            wait_done(api, [i for i, _ in post_many(api, 50, "bench-stamp")])  # warm-up
            paced = post_paced(api, 100, 0.02)
            rows = wait_done(api, [i for i, _ in paced])
            latencies = [
                (row["result"]["started"] - sent) * 1000
                for row, (_, sent) in zip(rows, paced, strict=True)
            ]
            result[f"{queue}_latency_p50_ms"] = statistics.median(latencies)
            result[f"{queue}_latency_p99_ms"] = percentile(latencies, 99)
            if queue == "redis":
                # The ceiling: the same clients against the same API's cheapest route (no
                # database, no queue), with the workers idle.
                started = time.time()
                get_many(f"{api}/health", options.tasks)
                result["health_per_s"] = options.tasks / (time.time() - started)
                started = time.time()
                posted = post_many(api, options.tasks, "bench-stamp")
                rows = wait_done(api, [i for i, _ in posted])
                last = max(datetime.fromisoformat(row["updated_at"]).timestamp() for row in rows)
                result["api_jobs_per_s"] = options.tasks / (last - started)
                # Memory: one worker left, idle, then after 1,000 more tasks.
                processes.stop(workers.pop())
                time.sleep(2)
                result["worker_rss_idle_kib"] = rss_kib(workers[0].pid)
                wait_done(api, [i for i, _ in post_many(api, 1000, "echo")], timeout=600)
                result["worker_rss_after_kib"] = rss_kib(workers[0].pid)
            for worker in workers:
                processes.stop(worker)
            processes.stop(server)

        # Huey alone: the same no-op enqueued and run by 2 consumers of 2 threads, no API, no row.
        (scratch / "engine_alone.py").write_text(ENGINE_ALONE)
        os.environ["BENCH_ENGINE_URL"] = f"{redis_url}/2"
        engine_env = {**os.environ, "PYTHONPATH": str(scratch)}
        consume = "import engine_alone; engine_alone.consume(2)"
        consumers = [
            processes.start(f"engine-{i}", [python, "-c", consume], engine_env) for i in range(2)
        ]
        sys.path.insert(0, str(scratch))
        import engine_alone  # noqa: E402 (written above)

        warm = [engine_alone.noop_task() for _ in range(50)]
        for handle in warm:
            handle.get(blocking=True, timeout=60)
        first = time.time()
        handles = [engine_alone.noop_task() for _ in range(options.tasks)]
        finished = [handle.get(blocking=True, timeout=120) for handle in handles]
        result["engine_jobs_per_s"] = options.tasks / (max(finished) - first)
        for consumer in consumers:
            processes.stop(consumer)
    finally:
        processes.stop_all()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
