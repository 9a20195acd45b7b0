"""``outreach-central publish``: sign a content pack and make it the one devices download."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sync.central.db.database import CentralDatabase
from sync.central.publish import publish_pack


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "publish", parents=[common], help="publish a content pack folder, signed with KEY"
    )
    parser.add_argument("pack_dir", type=Path, metavar="PACK_DIR")
    parser.add_argument(
        "--key", type=Path, required=True, help="the publisher's Ed25519 private key (PEM)"
    )
    parser.set_defaults(handler=_publish)


def _publish(args: argparse.Namespace, database: CentralDatabase) -> int:
    pack = publish_pack(database, args.pack_dir, args.key)
    print(f"published {pack.pack_id} {pack.version}: {pack.size} bytes, sha256 {pack.sha256}")
    return 0
