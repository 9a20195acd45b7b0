"""``outreach-central enrolment-code``: a one-time code (and its QR) to enrol one device."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import qrcode
from qrcode.image.pil import PilImage

from sync.central.admin import create_enrolment_code, parse_duration
from sync.central.db.database import CentralDatabase


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "enrolment-code", parents=[common], help="make a single-use enrolment code and its QR"
    )
    parser.add_argument("--site", required=True, help="the site the device will report for")
    parser.add_argument("--expires", default="24h", help="lifetime: 30m, 24h, 7d (default 24h)")
    parser.add_argument(
        "--qr", type=Path, help="where to write the QR code PNG (default: enrolment-SITE.png)"
    )
    parser.set_defaults(handler=_create)


def _create(args: argparse.Namespace, database: CentralDatabase) -> int:
    issued = create_enrolment_code(database, args.site, parse_duration(args.expires))
    qr_path: Path = args.qr or Path(f"enrolment-{issued.site}.png")
    with qr_path.open("wb") as handle:
        qrcode.make(issued.code, image_factory=PilImage).save(handle)
    print(issued.code)
    print(f"site {issued.site}; single use; expires {issued.expires_at:%Y-%m-%d %H:%M} UTC")
    print(f"QR code written to {qr_path}")
    return 0
