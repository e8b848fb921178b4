from apiflask import APIBlueprint

from app.api.current_user import auth, current_user
from app.api.deps import get_db
from app.api.openapi import error_responses
from app.models.user import User
from app.schemas.common import Envelope, ListEnvelope, PageQuery, Pagination
from app.schemas.user import UserOut, UserPublic, UserUpdate
from app.services import users as users_service

bp = APIBlueprint("users", __name__, url_prefix="/users", tag="users")


@bp.get("")
@bp.auth_required(auth)
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(ListEnvelope[UserOut])
@bp.doc(responses=error_responses(400, 401, 403))
def list_users(query: PageQuery) -> ListEnvelope[UserOut]:
    users, total = users_service.list_users(get_db(), query, current_user())
    return ListEnvelope(
        data=[UserOut.model_validate(found) for found in users],
        pagination=Pagination.build(query.page, query.limit, total),
    )


@bp.get("/<id:user_id>")
@bp.auth_required(auth)
@bp.output(Envelope[UserOut | UserPublic])
@bp.doc(responses=error_responses(401, 404))
def get_user(user_id: int) -> Envelope[UserOut | UserPublic]:
    found = users_service.get_user(get_db(), user_id)
    return Envelope(data=_form(current_user(), found))


@bp.patch("/<id:user_id>")
@bp.auth_required(auth)
@bp.input(UserUpdate, arg_name="payload")
@bp.output(Envelope[UserOut])
@bp.doc(responses=error_responses(400, 401, 403, 404, 413, 415))
def update_user(user_id: int, payload: UserUpdate) -> Envelope[UserOut]:
    found = users_service.update_user(get_db(), user_id, payload, current_user())
    return Envelope(data=UserOut.model_validate(found))


def _form(caller: User, user: User) -> UserOut | UserPublic:
    if users_service.sees_own_form(caller, user):
        return UserOut.model_validate(user)
    return UserPublic.model_validate(user)
