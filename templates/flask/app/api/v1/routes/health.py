from apiflask import APIBlueprint

from app.api.deps import get_db
from app.api.openapi import error_responses
from app.schemas.common import Envelope
from app.schemas.health import HealthOut
from app.services import health as health_service

bp = APIBlueprint("health", __name__, url_prefix="/health", tag="health")


@bp.get("")
@bp.output(Envelope[HealthOut])
@bp.doc(responses=error_responses(503))
def health() -> Envelope[HealthOut]:
    return Envelope(data=HealthOut(**health_service.check(get_db())))
