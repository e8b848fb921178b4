import logging

from app.core.db import DbSession
from app.core.errors import ServiceUnavailable
from app.repositories import health as health_repo

logger = logging.getLogger(__name__)


def check(db: DbSession) -> dict[str, str]:
    try:
        health_repo.ping(db)
    except Exception:
        # Only the fact reaches the client; the reason (paths, drivers) stays in the log.
        logger.warning("database health check failed", exc_info=True)
        raise ServiceUnavailable("Database is unavailable") from None
    return {"status": "ok", "database": "ok"}
