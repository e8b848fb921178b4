"""Commands for whoever runs the app, not for its users; an admin never comes from the API.

    python -m app.cli create-admin --email ada@example.com --name Ada
    python -m app.cli promote --email ada@example.com
    python -m app.cli purge-expired-tokens     # daily, from cron or a scheduler

The password is asked for twice without echo, or read from standard input when that is
not a terminal (`... create-admin --email ... < password.txt`): never from an argument,
which would stay in the shell's history and show in `ps`.
"""

import argparse
import getpass
import sys

from pydantic import ValidationError

from app.core.config import Settings, get_settings
from app.core.db import Database
from app.core.errors import AppError
from app.models.user import User
from app.schemas.user import UserCreate
from app.services import auth as auth_service
from app.services import users as users_service


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.cli", description="Manage admins and sessions."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create a new user who is an admin")
    create.add_argument("--email", required=True)
    create.add_argument("--name", default="Admin")
    promote = commands.add_parser("promote", help="make an existing user an admin")
    promote.add_argument("--email", required=True)
    commands.add_parser(
        "purge-expired-tokens", help="delete expired refresh and password reset tokens"
    )
    args = parser.parse_args(argv)

    settings = settings or get_settings()
    database = Database(settings)
    try:
        with database.session(write=True) as db:
            if args.command == "purge-expired-tokens":
                print(f"{auth_service.purge_expired_tokens(db)} expired tokens deleted")
                return 0
            if args.command == "create-admin":
                data = UserCreate(email=args.email, password=_read_password(), name=args.name)
                user: User = users_service.create_admin(db, data, settings)
            else:
                user = users_service.promote(db, args.email)
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            field = ".".join(str(part) for part in problem["loc"]) or "input"
            print(f"error: {field}: {problem['msg']}", file=sys.stderr)
        return 1
    except (AppError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(f"{user.email} (id {user.id}) is an admin")
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise ValueError("the two passwords differ")
    return password


if __name__ == "__main__":
    sys.exit(main())
