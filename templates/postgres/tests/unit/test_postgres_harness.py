"""The test-database harness: it must refuse to guess and never drop a real database."""

import psycopg
import pytest

from tests.support.postgres import (
    NAME_PREFIX,
    admin_url_from_env,
    database_name,
    drop_test_database,
    libpq_url,
    temporary_database,
    with_database,
)


def test_a_missing_test_database_url_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    with pytest.raises(pytest.UsageError, match="TEST_DATABASE_URL is not set"):
        admin_url_from_env(env_file=tmp_path / "no.env")


def test_a_non_postgres_url_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TEST_DATABASE_URL", "sqlite:///test.db")
    with pytest.raises(pytest.UsageError, match="postgresql://"):
        admin_url_from_env(env_file=tmp_path / "no.env")


def test_the_url_may_come_from_dot_env(monkeypatch, tmp_path):
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("TEST_DATABASE_URL=postgresql+psycopg://u@db:5432/postgres\n")
    assert admin_url_from_env(env_file=env_file) == "postgresql://u@db:5432/postgres"


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://u:p@h/db", "postgres://u:p@h/db", "postgresql://u:p@h/db"],
)
def test_sqlalchemy_and_platform_urls_become_libpq_urls(url):
    assert libpq_url(url) == "postgresql://u:p@h/db"


def test_another_database_keeps_server_user_and_options():
    url = "postgresql://u:p%40ss@h:5433/postgres?sslmode=require"
    assert with_database(url, "x_test_1") == "postgresql://u:p%40ss@h:5433/x_test_1?sslmode=require"


def test_this_run_has_a_database_of_its_own(settings):
    name = database_name(settings.database_url)
    assert name.startswith(f"{NAME_PREFIX}_test_")
    assert name != database_name(admin_url_from_env())


def test_only_test_databases_are_ever_dropped():
    admin_url = admin_url_from_env()
    with pytest.raises(ValueError, match="refusing"):
        drop_test_database(admin_url, with_database(admin_url, "app"))


def test_a_temporary_database_is_dropped_even_with_connections_open():
    admin_url = admin_url_from_env()
    with temporary_database(admin_url) as url:
        # An open connection, like an app's pool at the end of a run.
        lingering = psycopg.connect(url)
    try:
        with psycopg.connect(admin_url) as admin:
            found = admin.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", [database_name(url)]
            ).fetchone()
        assert found == (0,)
    finally:
        lingering.close()
