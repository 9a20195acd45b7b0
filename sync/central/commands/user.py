"""``outreach-central user add``: a coordinator or viewer, with an argon2-hashed password."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sync.central.admin import ROLES, AdminError, add_user
from sync.central.database import CentralDatabase


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("user", help="add users")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking",
    )
    add.set_defaults(handler=_add)


def _add(args: argparse.Namespace, database: CentralDatabase) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise AdminError("the two passwords differ")
    add_user(database, args.name, args.role, password)
    print(f"user {args.name} added as {args.role}")
    return 0
