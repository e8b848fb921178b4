import bcrypt
import pytest

from app.core.errors import Conflict, Unauthorized
from app.core.security import SCHEME
from app.repositories import users as users_repo
from app.schemas.auth import LoginRequest
from app.schemas.user import UserCreate
from app.services import auth as auth_service


def _register(database, settings, email="carol@example.com"):
    data = UserCreate(email=email, password="long enough", name="Carol")
    with database.session(write=True) as db:
        return auth_service.register(db, data, settings)


def _stored_hash(database, user_id):
    with database.session(write=False) as db:
        return users_repo.get(db, user_id).password_hash


def test_register_then_login(database, settings):
    user = _register(database, settings)
    assert user.email == "carol@example.com"
    assert user.password_hash.startswith(SCHEME)
    credentials = LoginRequest(email="Carol@Example.com", password="long enough")
    token = auth_service.login(database, credentials, settings)
    with database.session(write=False) as db:
        assert auth_service.user_from_token(db, token.access_token, settings).id == user.id


def test_duplicate_email_is_a_conflict_from_the_database(database, settings):
    _register(database, settings)
    with pytest.raises(Conflict):
        _register(database, settings, email="CAROL@example.com")


def test_wrong_password_and_unknown_user_fail_alike(database, settings):
    _register(database, settings)
    for email, password in [
        ("carol@example.com", "wrong one"),
        ("who@example.com", "long enough"),
        ("not an address", "long enough"),
    ]:
        with pytest.raises(Unauthorized) as caught:
            auth_service.login(database, LoginRequest(email=email, password=password), settings)
        assert caught.value.message == auth_service.INVALID_CREDENTIALS


def test_a_0_1_0_hash_is_replaced_at_the_next_successful_login(database, settings):
    user = _register(database, settings)
    legacy = bcrypt.hashpw(b"long enough", bcrypt.gensalt(4)).decode()
    with database.session(write=True) as db:
        users_repo.set_password_hash(db, user.id, legacy)
        db.commit()

    with pytest.raises(Unauthorized):
        auth_service.login(database, LoginRequest(email=user.email, password="wrong"), settings)
    assert _stored_hash(database, user.id) == legacy  # a failed login changes nothing

    auth_service.login(database, LoginRequest(email=user.email, password="long enough"), settings)
    upgraded = _stored_hash(database, user.id)
    assert upgraded.startswith(SCHEME)
    auth_service.login(database, LoginRequest(email=user.email, password="long enough"), settings)
    assert _stored_hash(database, user.id) == upgraded  # once only
