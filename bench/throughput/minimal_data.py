"""The minimal apps' data access, shared by minimal_fastapi.py and minimal_flask.py so
the two baselines differ only in their framework: the same SQL against the same SQLite
file, and the same JSON body as the generated app's item list.

BENCH_DATA_ACCESS picks how it reads the rows:
  sqlalchemy (default): a SQLAlchemy ORM model and a session per request, the same
      data-access choice as the generated default stack;
  sqlite3: the stdlib driver on a connection per thread, the floor.
"""

import os
import sqlite3
import threading
from datetime import datetime, timezone

from sqlalchemy import DateTime, create_engine, event, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

DB_PATH = os.environ["BENCH_DB"]
DATA_ACCESS = os.environ.get("BENCH_DATA_ACCESS", "sqlalchemy")
PAGE_SQL = (
    "SELECT items.id, items.name, items.description, items.price, items.quantity, "
    "items.owner_id, items.created_at, items.updated_at "
    "FROM items ORDER BY items.id LIMIT ? OFFSET ?"
)
COUNT_SQL = "SELECT count(*) AS count_1 FROM items"


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    description: Mapped[str | None]
    price: Mapped[float]
    quantity: Mapped[int]
    owner_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


engine = create_engine(f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False})


# SQLAlchemy's recipe for explicit transactions on pysqlite, which would otherwise send
# no BEGIN before a SELECT: the same BEGIN ... ROLLBACK the generated app sends.
@event.listens_for(engine, "connect")
def _no_implicit_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None


@event.listens_for(engine, "begin")
def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


_local = threading.local()


def connection() -> sqlite3.Connection:
    # One connection per worker thread, kept open (the generated app pools them).
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(DB_PATH, isolation_level=None, check_same_thread=False)
        _local.conn = conn
    return conn


def utc(value: datetime) -> str:
    return value.replace(tzinfo=timezone.utc).isoformat()


def page_with_sqlalchemy(limit: int, offset: int) -> tuple[list[dict], int]:
    with Session(engine) as session:
        items = session.scalars(select(Item).order_by(Item.id).limit(limit).offset(offset))
        data = [
            {
                "id": i.id,
                "name": i.name,
                "description": i.description,
                "price": i.price,
                "quantity": i.quantity,
                "owner_id": i.owner_id,
                "created_at": utc(i.created_at),
                "updated_at": utc(i.updated_at),
            }
            for i in items
        ]
        total = session.scalar(select(func.count()).select_from(Item))
    return data, total


def page_with_sqlite3(limit: int, offset: int) -> tuple[list[dict], int]:
    conn = connection()
    conn.execute("BEGIN")
    try:
        rows = conn.execute(PAGE_SQL, (limit, offset)).fetchall()
        total = conn.execute(COUNT_SQL).fetchone()[0]
    finally:
        conn.execute("ROLLBACK")
    data = [
        {
            "id": r[0],
            "name": r[1],
            "description": r[2],
            "price": r[3],
            "quantity": r[4],
            "owner_id": r[5],
            "created_at": utc(datetime.fromisoformat(r[6])),
            "updated_at": utc(datetime.fromisoformat(r[7])),
        }
        for r in rows
    ]
    return data, total


read_page = page_with_sqlite3 if DATA_ACCESS == "sqlite3" else page_with_sqlalchemy


def page_body(page: int, limit: int) -> dict:
    data, total = read_page(limit, (page - 1) * limit)
    return {
        "success": True,
        "data": data,
        "pagination": {
            "page": page,
            "limit": limit,
            "total": total,
            "pages": (total + limit - 1) // limit,
        },
    }
