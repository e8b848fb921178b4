"""Seed the relations benchmark's database and describe the generated list's queries.

Run with the generated project's interpreter, from the project directory (so `app`
imports), after its migrations have created the `products` and `reviews` tables of

    create-backend generate resource product name:string price:decimal
    create-backend generate resource review product:ref(product) rating:int:index body:text?

    .venv/bin/python /path/to/bench/relations/prepare.py --db /abs/bench.db --rows 100000

Prints one JSON object: for each page size, the SQL statements the list path runs
(captured from SQLAlchemy) with their parameters and `EXPLAIN QUERY PLAN`.
"""

import argparse
import json
import sqlite3
import sys
from datetime import datetime, timedelta

BASE_TIME = datetime(2025, 1, 1, 12, 0, 0, 123456)
STORED_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
PRODUCTS = 1000
# The request measured: a filter, a sort and an expansion.
QUERY = {"rating__gte": "3", "sort": "-rating", "expand": "product"}


def stamp(seconds: int) -> str:
    return (BASE_TIME + timedelta(seconds=seconds)).strftime(STORED_FORMAT)


def seed(db_path: str, rows: int) -> None:
    conn = sqlite3.connect(db_path)
    try:
        for table in ("reviews", "products", "items", "users"):
            conn.execute(f"DELETE FROM {table}")  # constant names
        conn.execute(
            "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
            "VALUES (1, 'bench@example.com', 'Bench', 'x', ?, ?)",
            (stamp(0), stamp(0)),
        )
        conn.executemany(
            "INSERT INTO products (id, name, price, owner_id, created_at, updated_at) "
            "VALUES (?, ?, ?, 1, ?, ?)",
            [
                (i, f"Product {i}", f"{i % 97}.50", stamp(i), stamp(i))
                for i in range(1, PRODUCTS + 1)
            ],
        )
        conn.executemany(
            "INSERT INTO reviews (id, product_id, rating, body, owner_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 1, ?, ?)",
            [
                (
                    i,
                    (i * 7919) % PRODUCTS + 1,
                    i % 5 + 1,
                    f"Review number {i}" if i % 3 else None,
                    stamp(i),
                    stamp(i),
                )
                for i in range(1, rows + 1)
            ],
        )
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()


def capture_statements(database, call) -> list[tuple[str, object]]:
    from sqlalchemy import event

    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        with database.session(write=False) as db:
            call(db)
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)
    return captured


def with_plans(db_path: str, captured: list[tuple[str, object]]) -> list[dict]:
    raw = sqlite3.connect(db_path)
    statements = []
    for sql, params in captured:
        entry: dict = {"sql": " ".join(sql.split()), "params": list(params or ())}
        if sql.lstrip().upper().startswith("SELECT"):
            plan = raw.execute(f"EXPLAIN QUERY PLAN {sql}", params or ()).fetchall()
            entry["plan"] = [row[-1] for row in plan]
        statements.append(entry)
    raw.close()
    return statements


def describe_nested(db_path: str) -> dict:
    """GET /products/1/reviews?sort=-rating: the nested list, through the foreign key."""
    from app.core.config import Settings
    from app.core.db import Database
    from app.schemas.review import ReviewListQuery
    from app.services import reviews as reviews_service

    database = Database(Settings(database_url=f"sqlite:///{db_path}"))
    query = ReviewListQuery.model_validate({"sort": "-rating"})
    captured = capture_statements(
        database, lambda db: reviews_service.list_reviews_of_product(db, 1, query)
    )
    database.dispose()
    return {"statements": with_plans(db_path, captured)}


def describe(db_path: str, limit: int) -> dict:
    from app.core.config import Settings
    from app.core.db import Database
    from app.schemas.review import ReviewListQuery
    from app.services import reviews as reviews_service

    database = Database(Settings(database_url=f"sqlite:///{db_path}"))
    query = ReviewListQuery.model_validate({**QUERY, "limit": str(limit)})
    listed = {}

    def call(db) -> None:
        listed["rows"], listed["total"], listed["expanded"] = reviews_service.list_reviews(
            db, query
        )

    captured = capture_statements(database, call)
    database.dispose()
    rows, total, expanded = listed["rows"], listed["total"], listed["expanded"]
    statements = with_plans(db_path, captured)
    return {
        "limit": limit,
        "total": total,
        "ids": [row.id for row in rows],
        "embedded": sorted(expanded["product"]),
        "statements": statements,
    }


def main() -> int:
    sys.path.insert(0, ".")  # the generated project, for `import app`
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="absolute path of the SQLite file")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    seed(args.db, args.rows)
    pages = [describe(args.db, limit) for limit in (10, 100)]
    nested = describe_nested(args.db)
    print(json.dumps({"rows": args.rows, "query": QUERY, "pages": pages, "nested": nested}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
