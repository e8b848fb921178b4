import pytest

from app.core.errors import Conflict, Unauthorized
from app.schemas.auth import LoginRequest
from app.schemas.user import UserCreate
from app.services import auth as auth_service


def _register(db, settings, email="carol@example.com"):
    data = UserCreate(email=email, password="long enough", name="Carol")
    return auth_service.register(db, data, settings)


def test_register_then_login(database, settings):
    with database.session(write=True) as db:
        user = _register(db, settings)
        assert user.email == "carol@example.com"
        assert user.password_hash != "long enough"
        token = auth_service.login(
            db, LoginRequest(email="Carol@Example.com", password="long enough"), settings
        )
        assert auth_service.user_from_token(db, token.access_token, settings).id == user.id


def test_duplicate_email_is_a_conflict_from_the_database(database, settings):
    with database.session(write=True) as db:
        _register(db, settings)
    with database.session(write=True) as db, pytest.raises(Conflict):
        _register(db, settings, email="CAROL@example.com")


def test_wrong_password_and_unknown_user_fail_alike(database, settings):
    with database.session(write=True) as db:
        _register(db, settings)
        for email, password in [
            ("carol@example.com", "wrong one"),
            ("who@example.com", "long enough"),
        ]:
            with pytest.raises(Unauthorized) as caught:
                auth_service.login(db, LoginRequest(email=email, password=password), settings)
            assert caught.value.message == auth_service.INVALID_CREDENTIALS
