from app.api.deps import get_readiness
from app.api.routing import ApiRouter
from app.schemas.common import Envelope
from app.schemas.health import ReadyOut

router = ApiRouter(prefix="/ready", tags=["health"])

NOT_READY = "Not ready: `details` names each failing check (database, migrations, ...)"


@router.get(
    "", response=Envelope[ReadyOut], errors=(503,), responses={503: {"description": NOT_READY}}
)
def ready() -> Envelope[ReadyOut]:
    return Envelope(data=ReadyOut.model_validate(get_readiness().run()))
