"""The ``outreach-central`` command line: serve the API and do a coordinator's chores.

Each subcommand lives in its own module under ``sync/central/commands/`` with a ``register``
function; every subcommand takes ``--database-url`` (default: ``DATABASE_URL``, else an embedded
SQLite file) and migrates the database to the newest schema before it touches it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import SQLAlchemyError

from kiosk.pipes import run_with_output
from kiosk.version import ShowVersion
from sync.central.admin import AdminError
from sync.central.db.database import CentralDatabase, DatabaseURLError, open_central_database
from sync.central.settings import database_url_from

Handler = Callable[[argparse.Namespace, CentralDatabase], int]

COMMAND_MODULES = [
    "sync.central.commands.serve",
    "sync.central.commands.site",
    "sync.central.commands.enrolment",
    "sync.central.commands.device",
    "sync.central.commands.user",
    "sync.central.commands.publish",
    "sync.central.commands.export",
    "sync.central.commands.report",
    "sync.central.commands.audit",
]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        metavar="URL",
        help="sqlite:///FILE or postgresql://USER@HOST/DB "
        "(default: $DATABASE_URL, else an SQLite file in the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="outreach-central",
        description="The central endpoint of Outreach Kiosk: device enrolment, reach counts, "
        "content updates.",
    )
    parser.add_argument("--version", action=ShowVersion)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        database = open_central_database(database_url_from(args.database_url))
    except (DatabaseURLError, SQLAlchemyError, OSError) as exc:
        print(f"outreach-central: cannot open the database: {exc}", file=sys.stderr)
        return 1
    try:
        return run_with_output(lambda: handler(args, database))
    except AdminError as exc:
        print(f"outreach-central: {exc}", file=sys.stderr)
        return 1
    finally:
        database.close()


if __name__ == "__main__":
    raise SystemExit(main())
