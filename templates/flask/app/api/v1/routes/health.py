from app.api.deps import get_db
from app.api.routing import ApiRouter
from app.schemas.common import Envelope
from app.schemas.health import HealthOut
from app.services import health as health_service

router = ApiRouter(prefix="/health", tags=["health"])


@router.get("", response=Envelope[HealthOut], errors=(503,))
def health() -> Envelope[HealthOut]:
    return Envelope(data=HealthOut(**health_service.check(get_db())))
