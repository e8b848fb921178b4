"""User queries. The unique index on email is the source of truth for duplicates."""

from collections.abc import Collection

from app.core.clock import utc_now
from app.core.db import (
    DbSession,
    ForeignKeyViolation,
    Row,
    UniqueViolation,
    decode_time,
    encode_time,
)
from app.core.errors import Conflict
from app.models.user import User
from app.repositories import list_query
from app.repositories.references import still_referred_to

_SELECT_USERS = "SELECT id, email, name, password_hash, role, created_at, updated_at FROM users"


def _user(row: Row) -> User:
    return User(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        password_hash=row["password_hash"],
        role=row["role"],
        created_at=decode_time(row["created_at"]),
        updated_at=decode_time(row["updated_at"]),
    )


def get(db: DbSession, user_id: int) -> User | None:
    row = db.fetch_one(
        "SELECT id, email, name, password_hash, role, created_at, updated_at"
        " FROM users WHERE id = :id",
        {"id": user_id},
    )
    return _user(row) if row else None


def get_many(db: DbSession, ids: Collection[int]) -> list[User]:
    where, params = list_query.ids_in(ids)
    # Placeholders only go into the text; the ids are bound.
    sql = f"{_SELECT_USERS}{where}"
    return [_user(row) for row in db.fetch_all(sql, params)]


def get_by_email(db: DbSession, email: str) -> User | None:
    row = db.fetch_one(
        "SELECT id, email, name, password_hash, role, created_at, updated_at"
        " FROM users WHERE email = :email",
        {"email": email},
    )
    return _user(row) if row else None


def list_page(db: DbSession, *, offset: int, limit: int) -> list[User]:
    rows = db.fetch_all(
        "SELECT id, email, name, password_hash, role, created_at, updated_at"
        " FROM users ORDER BY id LIMIT :limit OFFSET :offset",
        {"limit": limit, "offset": offset},
    )
    return [_user(row) for row in rows]


def count(db: DbSession) -> int:
    row = db.fetch_one("SELECT COUNT(*) AS total FROM users")
    return row["total"] if row else 0


def create(db: DbSession, *, email: str, name: str, password_hash: str) -> User:
    try:
        # Two concurrent registrations both pass any pre-check; only the index decides.
        with db.savepoint():
            row = db.insert(
                "INSERT INTO users (email, name, password_hash, role, created_at, updated_at)"
                " VALUES (:email, :name, :password_hash, 'user', :now, :now)"
                " RETURNING id, email, name, password_hash, role, created_at, updated_at",
                {
                    "email": email,
                    "name": name,
                    "password_hash": password_hash,
                    "now": encode_time(utc_now()),
                },
            )
    except UniqueViolation:
        raise Conflict("Email is already registered") from None
    return _user(row)


def update(db: DbSession, user: User, changes: dict[str, object]) -> None:
    """Write the changed fields (name, role) and apply them to `user`; nothing changed,
    no UPDATE, as the ORM does."""
    changed = {field: value for field, value in changes.items() if getattr(user, field) != value}
    if not changed:
        return
    now = utc_now()
    db.execute(
        "UPDATE users SET name = :name, role = :role, updated_at = :now WHERE id = :id",
        {
            "name": changed.get("name", user.name),
            "role": changed.get("role", user.role),
            "now": encode_time(now),
            "id": user.id,
        },
    )
    for field, value in changed.items():
        setattr(user, field, value)
    user.updated_at = now


def delete(db: DbSession, user: User) -> None:
    """The user's owned rows go with it (their owner_id cascades); a row that refers to
    the user through a generated `ref(user)` refuses, unless that ref says otherwise."""
    try:
        with db.savepoint():
            db.execute("DELETE FROM users WHERE id = :id", {"id": user.id})
    except ForeignKeyViolation:
        raise still_referred_to(db, "users", user.id) from None


def set_password_hash(db: DbSession, user_id: int, password_hash: str) -> None:
    db.execute(
        "UPDATE users SET password_hash = :password_hash, updated_at = :now WHERE id = :id",
        {"password_hash": password_hash, "now": encode_time(utc_now()), "id": user_id},
    )
