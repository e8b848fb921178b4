"""PostgreSQL's plans for the relations figure: the same request as prepare.py's, on the
PostgreSQL flavour of the same project.

Run with that project's interpreter, from its directory, after its migrations ran on
DATABASE_URL (an empty database of its own):

    .venv/bin/python /path/to/bench/relations/postgres_plans.py --rows 100000

Seeds 1,000 products and `rows` reviews, runs ANALYZE, then prints one JSON object: for
the filtered, sorted and expanded list (limit 10 and 100) and for the nested list, the
statements SQLAlchemy sent and `EXPLAIN` of each SELECT.
"""

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta

import psycopg

PRODUCTS = 1000
BASE_TIME = datetime(2025, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)
QUERY = {"rating__gte": "3", "sort": "-rating", "expand": "product"}


def conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def seed(url: str, rows: int) -> None:
    with psycopg.connect(conninfo(url)) as conn:
        stamp = BASE_TIME
        conn.execute(
            "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
            "VALUES (1, 'bench@example.com', 'Bench', 'x', %s, %s)",
            (stamp, stamp),
        )
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO products (id, name, price, owner_id, created_at, updated_at) "
                "VALUES (%s, %s, %s, 1, %s, %s)",
                [(i, f"Product {i}", f"{i % 97}.50", stamp, stamp) for i in range(1, PRODUCTS + 1)],
            )
            with cursor.copy(
                "COPY reviews (id, product_id, rating, body, owner_id, created_at, updated_at)"
                " FROM STDIN"
            ) as copy:
                for i in range(1, rows + 1):
                    moment = BASE_TIME + timedelta(seconds=i)
                    body = f"Review number {i}" if i % 3 else None
                    copy.write_row(
                        (i, (i * 7919) % PRODUCTS + 1, i % 5 + 1, body, 1, moment, moment)
                    )
        conn.commit()
        conn.execute("ANALYZE")


def explained(url: str, call) -> list[dict]:
    from app.core.config import Settings
    from app.core.db import Database
    from sqlalchemy import event

    database = Database(Settings(database_url=url))
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        with database.session(write=False) as db:
            call(db)
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)
        database.dispose()
    out = []
    with psycopg.connect(conninfo(url)) as conn:
        for sql, params in captured:
            entry: dict = {"sql": " ".join(sql.split())}
            if sql.lstrip().upper().startswith("SELECT"):
                rows = conn.execute(f"EXPLAIN {sql}", params).fetchall()
                entry["plan"] = [row[0].strip() for row in rows]
            out.append(entry)
    return out


def main() -> int:
    sys.path.insert(0, ".")  # the generated project, for `import app`
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    seed(url, args.rows)

    from app.schemas.review import ReviewListQuery
    from app.services import reviews as reviews_service

    pages = {
        limit: explained(
            url,
            lambda db, limit=limit: reviews_service.list_reviews(
                db, ReviewListQuery.model_validate({**QUERY, "limit": str(limit)})
            ),
        )
        for limit in (10, 100)
    }
    nested = explained(
        url,
        lambda db: reviews_service.list_reviews_of_product(
            db, 1, ReviewListQuery.model_validate({"sort": "-rating"})
        ),
    )
    print(json.dumps({"rows": args.rows, "pages": pages, "nested": nested}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
