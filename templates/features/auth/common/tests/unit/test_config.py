import pytest
from pydantic import ValidationError

from app.core.config import Settings


@pytest.mark.parametrize("secret", ["", "short", "replace-me-with-a-long-random-string"])
def test_weak_secret_stops_start_up_outside_development(secret):
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, environment="production", secret_key=secret)


def test_strong_secret_is_accepted_in_production():
    secret = "a" * 48
    assert (
        Settings(_env_file=None, environment="production", secret_key=secret).secret_key == secret
    )


def test_development_without_secret_gets_a_random_one():
    first = Settings(_env_file=None, environment="development", secret_key="")
    second = Settings(_env_file=None, environment="development", secret_key="")
    assert len(first.secret_key) >= 32 and first.secret_key != second.secret_key
