"""User queries. The unique index on email is the source of truth for duplicates."""

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy import update as update_rows
from sqlalchemy.exc import IntegrityError

from app.core.db import DbSession
from app.core.errors import Conflict
from app.models.user import User
from app.repositories.references import still_referred_to


def get(db: DbSession, user_id: int) -> User | None:
    return db.get(User, user_id)


def get_many(db: DbSession, ids: Collection[int]) -> list[User]:
    return list(db.scalars(select(User).where(User.id.in_(ids))))


def get_by_email(db: DbSession, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == email))


def list_page(db: DbSession, *, offset: int, limit: int) -> list[User]:
    return list(db.scalars(select(User).order_by(User.id).offset(offset).limit(limit)))


def count(db: DbSession) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


def create(db: DbSession, *, email: str, name: str, password_hash: str) -> User:
    user = User(email=email, name=name, password_hash=password_hash)
    try:
        # Two concurrent registrations both pass any pre-check; only the index decides.
        # A savepoint undoes a refused insert alone: the transaction stays the service's.
        with db.begin_nested():
            db.add(user)
    except IntegrityError:
        raise Conflict("Email is already registered") from None
    return user


def update(db: DbSession, user: User, changes: dict[str, object]) -> None:
    for field, value in changes.items():
        setattr(user, field, value)
    db.flush()


def delete(db: DbSession, user: User) -> None:
    """The user's owned rows go with it (their owner_id cascades); a row that refers to
    the user through a generated `ref(user)` refuses, unless that ref says otherwise."""
    user_id = user.id
    try:
        with db.begin_nested():
            db.delete(user)
    except IntegrityError:
        raise still_referred_to(db, "users", user_id) from None


def set_password_hash(db: DbSession, user_id: int, password_hash: str) -> None:
    db.execute(update_rows(User).where(User.id == user_id).values(password_hash=password_hash))
