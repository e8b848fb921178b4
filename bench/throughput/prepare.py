"""Seed the benchmark database and describe the list endpoint's queries.

Run with the generated project's interpreter, from the project directory (so `app`
imports), after `alembic upgrade head` has created the schema:

    .venv/bin/python /path/to/bench/throughput/prepare.py --db /abs/bench.db --rows 1000

Prints one JSON object: the SQL the app's list path runs (captured from SQLAlchemy),
`EXPLAIN QUERY PLAN` of each statement, and per-call timings of each layer of the list
path measured in-process: each statement on raw sqlite3, the session (open, BEGIN,
ROLLBACK), each repository call inside an open session, the response models.
"""

import argparse
import json
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timedelta

BASE_TIME = datetime(2025, 1, 1, 12, 0, 0, 123456)
# SQLAlchemy's SQLite DATETIME storage format (naive, UTC by the app's convention).
STORED_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def seed(db_path: str, rows: int) -> None:
    conn = sqlite3.connect(db_path)
    try:
        stamp = BASE_TIME.strftime(STORED_FORMAT)
        conn.execute("DELETE FROM items")
        conn.execute("DELETE FROM users")
        conn.execute(
            "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
            "VALUES (1, 'bench@example.com', 'Bench', 'x', ?, ?)",
            (stamp, stamp),
        )
        conn.executemany(
            "INSERT INTO items (id, name, description, price, quantity, owner_id, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
            [
                (
                    i,
                    f"Item {i}",
                    f"Description of item number {i}" if i % 5 else None,
                    round(1 + i * 0.25, 2),
                    i % 50,
                    (BASE_TIME + timedelta(seconds=i)).strftime(STORED_FORMAT),
                    (BASE_TIME + timedelta(seconds=i, microseconds=7)).strftime(STORED_FORMAT),
                )
                for i in range(1, rows + 1)
            ],
        )
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()


def per_call_us(fn, *, rounds: int = 7, calls: int = 300) -> float:
    """Median over `rounds` of the mean time of one call, in microseconds."""
    fn()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return round(statistics.median(samples), 1)


def describe(db_path: str, limit: int) -> dict:
    from sqlalchemy import event

    from app.core.config import Settings
    from app.core.db import Database
    from app.repositories import items as items_repo
    from app.schemas.common import ListEnvelope, Pagination
    from app.schemas.item import ItemListQuery, ItemOut
    from app.services import items as items_service

    database = Database(Settings(database_url=f"sqlite:///{db_path}"))
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, parameters))

    page = ItemListQuery(page=1, limit=limit)
    event.listen(database.engine, "before_cursor_execute", capture)
    with database.session(write=False) as db:
        # With auth the service also returns what `?expand=` loaded (nothing here).
        items, total = items_service.list_items(db, page)[:2]
    event.remove(database.engine, "before_cursor_execute", capture)

    raw = sqlite3.connect(db_path)
    statements = []
    for sql, params in captured:
        entry: dict = {"sql": " ".join(sql.split()), "params": list(params or ())}
        if sql.lstrip().upper().startswith("SELECT"):
            plan = raw.execute(f"EXPLAIN QUERY PLAN {sql}", params or ()).fetchall()
            entry["plan"] = [row[-1] for row in plan]
            entry["us_per_call"] = per_call_us(lambda s=sql, p=params: raw.execute(s, p).fetchall())
        statements.append(entry)
    raw.close()

    def service_call():
        with database.session(write=False) as db:
            return items_service.list_items(db, page)

    def session_only():
        # Open, BEGIN on first use, ROLLBACK and return to the pool: the per-request frame.
        with database.session(write=False) as db:
            db.connection()

    def response_models():
        return ListEnvelope[ItemOut](
            data=[ItemOut.model_validate(item) for item in items],
            pagination=Pagination.build(page.page, page.limit, total),
        ).model_dump_json()

    with database.session(write=False) as db:
        # Inside one open transaction: the statements alone, through the repository.
        in_session = {
            "repo_list_page_us": per_call_us(lambda: items_repo.list_page(db, page)),
            "repo_count_us": per_call_us(lambda: items_repo.count(db, page)),
        }
    timings = {
        "service_list_items_us": per_call_us(service_call),
        "session_us": per_call_us(session_only),
        **in_session,
        "response_models_and_json_us": per_call_us(response_models),
    }
    database.dispose()
    return {"rows": total, "statements": statements, "timings": timings}


def main() -> int:
    sys.path.insert(0, ".")  # the generated project, for `import app`
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="absolute path of the SQLite file")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    seed(args.db, args.rows)
    print(json.dumps(describe(args.db, args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
