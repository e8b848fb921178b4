from apiflask import APIBlueprint

from app.api.deps import get_readiness
from app.api.openapi import error_responses
from app.schemas.common import Envelope
from app.schemas.health import ReadyOut

bp = APIBlueprint("ready", __name__, url_prefix="/ready", tag="health")

NOT_READY = "Not ready: `details` names each failing check (database, migrations, ...)"
RESPONSES = error_responses(503)
RESPONSES[503]["description"] = NOT_READY


@bp.get("")
@bp.output(Envelope[ReadyOut])
@bp.doc(responses=RESPONSES)
def ready() -> Envelope[ReadyOut]:
    return Envelope(data=ReadyOut.model_validate(get_readiness().run()))
