from app.api.current_user import bearer_auth
from app.api.deps import get_db
from app.api.routing import ApiRouter
from app.core.ids import parse_id
from app.models.user import User
from app.schemas.common import Envelope, ListEnvelope, PageQuery, Pagination
from app.schemas.user import UserOut
from app.services import users as users_service

router = ApiRouter(prefix="/users", tags=["users"])


@router.get(
    "", query=PageQuery, auth=bearer_auth, response=ListEnvelope[UserOut], errors=(400, 401)
)
def list_users(query: PageQuery, user: User) -> ListEnvelope[UserOut]:
    users, total = users_service.list_users(get_db(), query)
    return ListEnvelope(
        data=[UserOut.model_validate(found) for found in users],
        pagination=Pagination.build(query.page, query.limit, total),
    )


@router.get("/{user_id}", auth=bearer_auth, response=Envelope[UserOut], errors=(401, 404))
def get_user(user_id: str, user: User) -> Envelope[UserOut]:
    found = users_service.get_user(get_db(), parse_id(user_id, "User"))
    return Envelope(data=UserOut.model_validate(found))
