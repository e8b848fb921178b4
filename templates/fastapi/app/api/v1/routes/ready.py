from fastapi import APIRouter

from app.api.deps import ReadinessDep
from app.api.routing import GuardedRoute
from app.schemas.common import Envelope, ErrorEnvelope
from app.schemas.health import ReadyOut

router = APIRouter(prefix="/ready", tags=["health"], route_class=GuardedRoute)

NOT_READY = "Not ready: `details` names each failing check (database, migrations, ...)"


@router.get("", responses={503: {"model": ErrorEnvelope, "description": NOT_READY}})
def ready(readiness: ReadinessDep) -> Envelope[ReadyOut]:
    return Envelope(data=ReadyOut.model_validate(readiness.run()))
