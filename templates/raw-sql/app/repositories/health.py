from app.core.db import DbSession


def ping(db: DbSession) -> None:
    db.fetch_one("SELECT 1 AS ok")
