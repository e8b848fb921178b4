"""`python -m app.cli`: the only way to an admin. The password never comes from an
argument; a bad one, a taken email or an unknown user is a message and exit status 1.
It also deletes expired tokens, for a daily job."""

import io
from datetime import timedelta

import pytest

from app.cli import main
from app.core.clock import utc_now
from app.repositories import password_reset_tokens as password_reset_tokens_repo
from app.repositories import refresh_tokens as refresh_tokens_repo
from tests.support.api import API, login_headers

PASSWORD = "a long enough admin password"


@pytest.fixture
def stdin(monkeypatch):
    """Standard input as a pipe (not a terminal), holding `text`."""

    def pipe(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return pipe


def test_create_admin_reads_the_password_from_a_pipe(client, settings, stdin, capsys):
    stdin(f"{PASSWORD}\n")
    assert main(["create-admin", "--email", " Root@Example.COM ", "--name", "Root"], settings) == 0
    assert "root@example.com" in capsys.readouterr().out
    headers = login_headers(client, "root@example.com", PASSWORD)
    me = client.get(f"{API}/auth/me", headers=headers).json()["data"]
    assert me["role"] == "admin" and me["name"] == "Root"
    assert client.get(f"{API}/users", headers=headers).status_code == 200


def test_promote_makes_an_existing_user_an_admin(client, settings, user, auth_headers, capsys):
    assert client.get(f"{API}/users", headers=auth_headers).status_code == 403
    assert main(["promote", "--email", user["email"].upper()], settings) == 0
    assert client.get(f"{API}/users", headers=auth_headers).status_code == 200


@pytest.mark.parametrize(
    ("argv", "password", "message"),
    [
        (["promote", "--email", "nobody@example.com"], "", "No user has this email"),
        (["promote", "--email", "not an address"], "", "error:"),
        (["create-admin", "--email", "root@example.com"], "short\n", "password"),
        (["create-admin", "--email", "not an address"], f"{PASSWORD}\n", "email"),
    ],
)
def test_bad_input_is_a_message_and_status_1(settings, stdin, capsys, argv, password, message):
    stdin(password)
    assert main(argv, settings) == 1
    assert message in capsys.readouterr().err


def test_a_taken_email_is_refused(settings, user, stdin, capsys):
    stdin(f"{PASSWORD}\n")
    assert main(["create-admin", "--email", user["email"]], settings) == 1
    assert "already registered" in capsys.readouterr().err


def test_the_password_is_never_an_argument(settings, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["create-admin", "--email", "root@example.com", "--password", PASSWORD], settings)
    assert exit_info.value.code == 2
    assert PASSWORD not in capsys.readouterr().out


def test_purge_expired_tokens_deletes_everyones_expired_tokens_only(
    settings, database, user, other_user, capsys
):
    now = utc_now()
    with database.session(write=True) as db:
        for owner, lifetime in [(user, -1), (other_user, -1), (user, 60)]:
            expires_at = now + timedelta(seconds=lifetime)
            refresh_tokens_repo.create(
                db,
                user_id=owner["id"],
                family=f"{owner['id']}{lifetime}",
                token_hash=f"refresh {owner['id']} {lifetime}",
                expires_at=expires_at,
            )
            password_reset_tokens_repo.create(
                db,
                user_id=owner["id"],
                token_hash=f"reset {owner['id']} {lifetime}",
                expires_at=expires_at,
            )
        db.commit()
    assert main(["purge-expired-tokens"], settings) == 0
    assert capsys.readouterr().out == "4 expired tokens deleted\n"
    with database.session(write=False) as db:
        assert refresh_tokens_repo.get_by_hash(db, f"refresh {user['id']} 60") is not None
        assert password_reset_tokens_repo.get_by_hash(db, f"reset {user['id']} 60") is not None
        assert refresh_tokens_repo.get_by_hash(db, f"refresh {user['id']} -1") is None
    assert main(["purge-expired-tokens"], settings) == 0
    assert capsys.readouterr().out == "0 expired tokens deleted\n"
