"""``outreach-central user add|list|remove|password``: the coordinators and viewers.

Passwords are asked for twice without echo, or read from standard input with
``--password-stdin``, and kept only as argon2 hashes. Removing a person or setting their
password ends every sign-in of theirs at once; both are written to the audit log.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from typing import Any

from sync.central.admin import (
    ROLES,
    AdminError,
    add_user,
    check_password_settable,
    list_users,
    remove_user,
    set_password,
)
from sync.central.db.database import CentralDatabase


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("user", help="add, list or remove users, or set a user's password")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    _password_stdin(add)
    add.set_defaults(handler=_add)
    listing = actions.add_parser(
        "list", parents=[common], help="list users, their sign-ins and tokens"
    )
    listing.set_defaults(handler=_list)
    remove = actions.add_parser(
        "remove",
        parents=[common],
        help="refuse a user's sign-ins and tokens from now on (the audit log keeps the name)",
    )
    remove.add_argument("name")
    remove.set_defaults(handler=_remove)
    password = actions.add_parser(
        "password",
        parents=[common],
        help="set a user's password; every sign-in of theirs ends",
    )
    password.add_argument("name")
    _password_stdin(password)
    password.set_defaults(handler=_password)


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking",
    )


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != password:
        raise AdminError("the two passwords differ")
    return password


def _operator() -> str | None:
    """The server account running the command, for the audit log, if it can be told."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _add(args: argparse.Namespace, database: CentralDatabase) -> int:
    add_user(database, args.name, args.role, _read_password(args))
    print(f"user {args.name} added as {args.role}")
    return 0


def _list(_args: argparse.Namespace, database: CentralDatabase) -> int:
    # tokens: sign-ins not expired yet (a removed user's are all refused, and deleted).
    print("name\trole\tcreated (UTC)\tlast sign-in (UTC)\ttokens\tstatus")
    for user in list_users(database):
        status = "removed " + _when(user.removed_at) if user.removed_at else "active"
        print(
            f"{user.name}\t{user.role}\t{_when(user.created_at)}\t"
            f"{_when(user.last_sign_in_at)}\t{user.tokens}\t{status}"
        )
    return 0


def _remove(args: argparse.Namespace, database: CentralDatabase) -> int:
    removed = remove_user(database, args.name, _operator())
    if removed.already_removed:
        print(f"user {args.name} was already removed on {_when(removed.removed_at)} (UTC)")
    else:
        print(
            f"user {args.name} removed: cannot sign in any more, "
            f"{removed.tokens} token(s) refused from now on"
        )
    return 0


def _password(args: argparse.Namespace, database: CentralDatabase) -> int:
    check_password_settable(database, args.name)
    changed = set_password(database, args.name, _read_password(args), _operator())
    print(
        f"password of {args.name} set: {changed.tokens} sign-in(s) ended, "
        "they sign in again with the new password"
    )
    return 0
