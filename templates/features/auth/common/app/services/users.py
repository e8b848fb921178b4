"""Users as the API shows them: admins list and change them; anyone signed in reads
another user's public form, and their own in full. Framework-agnostic."""

from app.core.config import Settings
from app.core.db import DbSession
from app.core.emails import normalise_email
from app.core.errors import Forbidden, NotFound
from app.core.security import hash_password
from app.models.user import User
from app.repositories import users as users_repo
from app.schemas.common import PageQuery
from app.schemas.user import Role, UserCreate, UserUpdate

ADMIN: Role = "admin"


def is_admin(user: User) -> bool:
    return user.role == ADMIN


def sees_own_form(caller: User, user: User) -> bool:
    """Whether `caller` sees `user`'s email and role: themselves, or an admin."""
    return caller.id == user.id or is_admin(caller)


def list_users(db: DbSession, page: PageQuery, caller: User) -> tuple[list[User], int]:
    _require_admin(caller)
    return users_repo.list_page(db, offset=page.offset, limit=page.limit), users_repo.count(db)


def get_user(db: DbSession, user_id: int) -> User:
    user = users_repo.get(db, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


def update_user(db: DbSession, user_id: int, data: UserUpdate, caller: User) -> User:
    user = get_user(db, user_id)
    _require_admin(caller)
    users_repo.update(db, user, data.model_dump(exclude_unset=True))
    db.commit()
    return user


def create_admin(db: DbSession, data: UserCreate, settings: Settings) -> User:
    """For `python -m app.cli create-admin`: never reachable through the API."""
    password_hash = hash_password(data.password, settings.bcrypt_rounds)
    user = users_repo.create(db, email=data.email, name=data.name, password_hash=password_hash)
    users_repo.update(db, user, {"role": ADMIN})
    db.commit()
    return user


def promote(db: DbSession, email: str) -> User:
    """For `python -m app.cli promote`: an existing user becomes an admin."""
    user = users_repo.get_by_email(db, normalise_email(email))
    if user is None:
        raise NotFound("No user has this email")
    users_repo.update(db, user, {"role": ADMIN})
    db.commit()
    return user


def _require_admin(caller: User) -> None:
    # After the fields and the row are judged: the contract answers 400 and 404 first.
    if not is_admin(caller):
        raise Forbidden("Only an admin can do this")
