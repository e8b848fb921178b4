"""Repositories never end the service's transaction: a write that a constraint refuses
is undone alone (a savepoint), and what the service wrote before it stays its own to
commit."""

import pytest

from app.core.errors import Conflict
from app.repositories import users as users_repo


def _user(db, email: str):
    return users_repo.create(db, email=email, name="Someone", password_hash="not-a-hash")


def test_a_refused_write_leaves_the_rest_of_the_transaction_to_the_service(database):
    with database.session(write=True) as db:
        _user(db, "before@example.com")
        with pytest.raises(Conflict):
            _user(db, "before@example.com")
        _user(db, "after@example.com")
        db.commit()
    with database.session(write=False) as db:
        # By email: an id a rolled-back insert had used may be given again.
        assert users_repo.get_by_email(db, "before@example.com") is not None
        assert users_repo.get_by_email(db, "after@example.com") is not None
