from app.core.db import DbSession
from app.core.errors import NotFound
from app.models.user import User
from app.repositories import users as users_repo
from app.schemas.common import PageQuery


def list_users(db: DbSession, page: PageQuery) -> tuple[list[User], int]:
    return users_repo.list_page(db, offset=page.offset, limit=page.limit), users_repo.count(db)


def get_user(db: DbSession, user_id: int) -> User:
    user = users_repo.get(db, user_id)
    if user is None:
        raise NotFound("User not found")
    return user
