from sqlalchemy import text

from app.core.db import DbSession


def ping(db: DbSession) -> None:
    db.execute(text("SELECT 1"))
