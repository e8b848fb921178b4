from fastapi import APIRouter

from app.api.current_user import CurrentUser
from app.api.deps import DbDep, PageDep, PathId
from app.api.openapi import error_responses
from app.api.routing import GuardedRoute
from app.core.ids import parse_id
from app.schemas.common import Envelope, ListEnvelope, Pagination
from app.schemas.user import UserOut
from app.services import users as users_service

router = APIRouter(prefix="/users", tags=["users"], route_class=GuardedRoute)


@router.get("", responses=error_responses(400, 401))
def list_users(_: CurrentUser, db: DbDep, page: PageDep) -> ListEnvelope[UserOut]:
    users, total = users_service.list_users(db, page)
    return ListEnvelope(
        data=[UserOut.model_validate(user) for user in users],
        pagination=Pagination.build(page.page, page.limit, total),
    )


@router.get("/{user_id}", responses=error_responses(401, 404))
def get_user(user_id: PathId, _: CurrentUser, db: DbDep) -> Envelope[UserOut]:
    user = users_service.get_user(db, parse_id(user_id, "User"))
    return Envelope(data=UserOut.model_validate(user))
