"""``outreach-central site add|list``: the places devices report for."""

from __future__ import annotations

import argparse
from typing import Any

from sync.central.admin import add_site, list_sites
from sync.central.db.database import CentralDatabase


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("site", help="add or list sites")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="add a site")
    add.add_argument("code", help="site code, e.g. yvr-arrivals")
    add.add_argument("--name", default="", help="a readable name, e.g. 'YVR arrivals desk'")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", parents=[common], help="list the sites")
    listing.set_defaults(handler=_list)


def _add(args: argparse.Namespace, database: CentralDatabase) -> int:
    add_site(database, args.code, args.name)
    print(f"site {args.code} added")
    return 0


def _list(_args: argparse.Namespace, database: CentralDatabase) -> int:
    for code, name in list_sites(database):
        print(f"{code}\t{name}")
    return 0
