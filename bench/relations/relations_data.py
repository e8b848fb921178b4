"""The relations baselines' data access, shared by minimal_relations.py (FastAPI) and
minimal_relations_flask.py so the two differ only in their framework: the very
statements the generated app runs for the measured request (captured by prepare.py into
BENCH_STATEMENTS: the page, the page's products in one `IN (...)`, the total), in one
read transaction on SQLAlchemy, and the same shape of JSON as the generated app's.
"""

import json
import os
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, event

DB_PATH = os.environ["BENCH_DB"]
with open(os.environ["BENCH_STATEMENTS"], encoding="utf-8") as file:
    # The SELECTs of a page of 10 (BEGIN is the engine's, below): the page, the page's
    # products, the total.
    _SELECTS = [(s["sql"], tuple(s["params"])) for s in json.load(file) if "plan" in s]
PAGE = next(s for s in _SELECTS if s[0].startswith("SELECT reviews."))
PRODUCTS = next(s for s in _SELECTS if s[0].startswith("SELECT products."))
COUNT = next(s for s in _SELECTS if "count(*)" in s[0])

engine = create_engine(f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False})


# The same BEGIN ... ROLLBACK read transaction the generated app sends.
@event.listens_for(engine, "connect")
def _no_implicit_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None


@event.listens_for(engine, "begin")
def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _utc(value: str) -> str:
    return datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()


def _row(mapping: Any) -> dict:
    row = dict(mapping)
    row["created_at"] = _utc(row["created_at"])
    row["updated_at"] = _utc(row["updated_at"])
    return row


def list_body() -> dict:
    with engine.connect() as connection:
        reviews = [_row(r) for r in connection.exec_driver_sql(*PAGE).mappings()]
        total = connection.exec_driver_sql(*COUNT).scalar_one()
        products = {p["id"]: _row(p) for p in connection.exec_driver_sql(*PRODUCTS).mappings()}
        connection.rollback()
    for review in reviews:
        review["product"] = products.get(review["product_id"])
    pages = (total + 9) // 10
    return {
        "success": True,
        "data": reviews,
        "pagination": {"page": 1, "limit": 10, "total": total, "pages": pages},
    }
