"""`python -m app.cli`: the only way to an admin. The password never comes from an
argument; a bad one, a taken email or an unknown user is a message and exit status 1."""

import io

import pytest

from app.cli import main
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
