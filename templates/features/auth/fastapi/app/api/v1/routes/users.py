from fastapi import APIRouter

from app.api.current_user import CurrentUser
from app.api.deps import DbDep, PageDep, PathId
from app.api.openapi import error_responses
from app.api.routing import GuardedRoute
from app.core.ids import parse_id
from app.models.user import User
from app.schemas.common import Envelope, ListEnvelope, Pagination
from app.schemas.user import UserOut, UserPublic, UserUpdate
from app.services import users as users_service

router = APIRouter(prefix="/users", tags=["users"], route_class=GuardedRoute)


@router.get("", responses=error_responses(400, 401, 403))
def list_users(user: CurrentUser, db: DbDep, page: PageDep) -> ListEnvelope[UserOut]:
    users, total = users_service.list_users(db, page, user)
    return ListEnvelope(
        data=[UserOut.model_validate(found) for found in users],
        pagination=Pagination.build(page.page, page.limit, total),
    )


@router.get("/{user_id}", responses=error_responses(401, 404))
def get_user(user_id: PathId, user: CurrentUser, db: DbDep) -> Envelope[UserOut | UserPublic]:
    found = users_service.get_user(db, parse_id(user_id, "User"))
    return Envelope(data=_form(user, found))


@router.patch("/{user_id}", responses=error_responses(400, 401, 403, 404, 413, 415))
def update_user(
    user_id: PathId, payload: UserUpdate, user: CurrentUser, db: DbDep
) -> Envelope[UserOut]:
    found = users_service.update_user(db, parse_id(user_id, "User"), payload, user)
    return Envelope(data=UserOut.model_validate(found))


def _form(caller: User, user: User) -> UserOut | UserPublic:
    if users_service.sees_own_form(caller, user):
        return UserOut.model_validate(user)
    return UserPublic.model_validate(user)
