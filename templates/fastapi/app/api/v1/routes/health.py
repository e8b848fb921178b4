from fastapi import APIRouter

from app.api.deps import DbDep
from app.api.openapi import error_responses
from app.api.routing import GuardedRoute
from app.schemas.common import Envelope
from app.schemas.health import HealthOut
from app.services import health as health_service

router = APIRouter(prefix="/health", tags=["health"], route_class=GuardedRoute)


@router.get("", responses=error_responses(503))
def health(db: DbDep) -> Envelope[HealthOut]:
    return Envelope(data=HealthOut(**health_service.check(db)))
