"""Who may change a row with an `owner_id` (an item, or a row of any generated
resource): its owner.

Admins change only what they own, as everyone does. For admins who may change any
row, set ADMINS_CHANGE_ANY_ROW to True: the one line to edit.
"""

from app.core.db import DbSession
from app.repositories import users as users_repo

ADMINS_CHANGE_ANY_ROW = False


def may_change(db: DbSession, owner_id: int, user_id: int) -> bool:
    if owner_id == user_id:
        return True
    return ADMINS_CHANGE_ANY_ROW and is_admin(db, user_id)


def is_admin(db: DbSession, user_id: int) -> bool:
    user = users_repo.get(db, user_id)
    return user is not None and user.role == "admin"
