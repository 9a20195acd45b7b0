"""``outreach-central audit``: who asked for raw counts, when, and for what; and which people
were removed or given a new password (``user remove``, ``user password``)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sync.central.db.database import CentralDatabase
from sync.central.stats import audit


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "audit",
        parents=[common],
        help="list the requests for raw (unsuppressed) counts, and the users removed or "
        "given a new password",
    )
    parser.add_argument("--limit", type=int, default=100, help="newest entries shown (100)")
    parser.set_defaults(handler=_list)


def _list(args: argparse.Namespace, database: CentralDatabase) -> int:
    for entry in audit.entries(database, args.limit):
        detail = json.dumps(entry.detail, sort_keys=True)
        print(f"{entry.at:%Y-%m-%d %H:%M:%S}Z\t{entry.user_name}\t{entry.role}\t"
              f"{entry.action}\t{detail}")  # fmt: skip
    return 0
