"""CPU cost of one `GET /api/v1/items?limit=10`, in-process, without an HTTP server.

Calls the generated app (ASGI or WSGI) and the minimal app (on SQLAlchemy and on
sqlite3) directly, one request after another, round-robin, and reports CPU
microseconds per request (time.process_time, all threads) and the minimal/ours ratios.
Steadier than the HTTP figures on a busy machine, so it is the tool to compare
variants of the generated code. With --profile, writes a pyinstrument report of one
app (--profile-app; pyinstrument must be installed in the project's environment; for
FastAPI it sees only the event loop thread, so use py-spy for the worker threads).

Run with the generated project's interpreter, from the project directory, on a
database prepared by prepare.py:

    BENCH_DB=/abs/bench.db .venv/bin/python /path/to/bench/throughput/inprocess.py fastapi
"""

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def asgi_caller(app):
    scope_base = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/v1/items",
        "raw_path": b"/api/v1/items",
        "query_string": b"limit=10",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    loop = asyncio.new_event_loop()

    async def one() -> bytes:
        body = []
        status = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await app(dict(scope_base, state={}), receive, send)
        assert status == [200], status
        return b"".join(body)

    return lambda: loop.run_until_complete(one())


def wsgi_caller(app):
    def one() -> bytes:
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": "/api/v1/items",
            "QUERY_STRING": "limit=10",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": __import__("io").BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        result = app(environ, lambda s, h, e=None: status.append(s))
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        assert status and status[0].startswith("200"), status
        return body

    return one


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("framework", choices=["fastapi", "flask"])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--profile", help="write a pyinstrument text report here")
    parser.add_argument(
        "--profile-app",
        default="ours",
        choices=["ours", "minimal_sqlalchemy", "minimal_sqlite3"],
        help="which app --profile records (default: ours)",
    )
    args = parser.parse_args()

    sys.path.insert(0, ".")  # the generated project
    sys.path.insert(0, str(HERE))  # the minimal apps
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['BENCH_DB']}")
    os.environ.setdefault("ENVIRONMENT", "production")

    from app.main import create_app

    ours_app = create_app()
    # gunicorn sends the app's log lines to stderr; so does this, to /dev/null.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    minimal = __import__(f"minimal_{args.framework}")
    wrap = asgi_caller if args.framework == "fastapi" else wsgi_caller
    ours, base = wrap(ours_app), wrap(minimal.app)

    def with_access(read_page):
        def call():
            minimal.read_page = read_page
            return base()

        return call

    apps = {
        "ours": ours,
        "minimal_sqlalchemy": with_access(minimal.page_with_sqlalchemy),
        "minimal_sqlite3": with_access(minimal.page_with_sqlite3),
    }
    expected = json.loads(ours())
    for name, call in apps.items():
        if json.loads(call()) != expected:
            raise SystemExit(f"{name}: body differs from the generated app's")

    # Round-robin: every round times each app in turn, so a change in machine load hits
    # them all alike; each ratio is the median of the per-round ratios.
    for call in apps.values():
        for _ in range(50):
            call()
    samples: dict[str, list[float]] = {name: [] for name in apps}
    names = list(apps)
    for round_number in range(args.rounds):
        shift = round_number % len(names)  # who goes first rotates
        for name in names[shift:] + names[:shift]:
            call = apps[name]
            started = time.process_time()
            for _ in range(args.calls):
                call()
            samples[name].append((time.process_time() - started) / args.calls * 1e6)
    result = {f"{name}_cpu_us": round(statistics.median(s), 1) for name, s in samples.items()}
    for name in ("minimal_sqlalchemy", "minimal_sqlite3"):
        ratios = [m / o for m, o in zip(samples[name], samples["ours"], strict=True)]
        result[f"{name}_over_ours"] = round(statistics.median(ratios), 3)

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002, async_mode="disabled")
        profiler.start()
        for _ in range(args.calls * 5):
            apps[args.profile_app]()
        profiler.stop()
        Path(args.profile).write_text(
            profiler.output_text(unicode=True, color=False, show_all=False)
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
