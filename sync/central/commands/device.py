"""``outreach-central device list|revoke``: the enrolled devices, and locking one out.

The list says, per device, how many events were counted on the day they arrived because the
device's clock was wrong, and when that was last seen (``sync.central.db.clock``).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from sync.central.admin import DeviceInfo, list_devices, revoke_device
from sync.central.db.database import CentralDatabase


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("device", help="list or revoke devices")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="list enrolled devices")
    listing.set_defaults(handler=_list)
    revoke = actions.add_parser("revoke", parents=[common], help="refuse a device's tokens")
    revoke.add_argument("device", help="the device id (see 'device list')")
    revoke.set_defaults(handler=_revoke)


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _clock(device: DeviceInfo) -> str:
    """What the central saw of the device's clock: events it dated impossibly, and when."""
    if device.clock_wrong_at is None:
        return "-"
    if device.clock_wrong_at_last_push:
        return "wrong at last push"
    return f"last wrong {_when(device.clock_wrong_at)}"


def _list(_args: argparse.Namespace, database: CentralDatabase) -> int:
    # re-dated: events whose date the device's clock cannot have given rightly, counted on
    # the day they arrived instead (sync.central.db.clock).
    print("device\tsite\tenrolled (UTC)\tlast seen (UTC)\tevents\tstatus\tre-dated\tclock")
    for device in list_devices(database):
        status = "revoked " + _when(device.revoked_at) if device.revoked_at else "active"
        print(
            f"{device.id}\t{device.site}\t{_when(device.enrolled_at)}\t"
            f"{_when(device.last_seen_at)}\t{device.events}\t{status}\t"
            f"{device.redated}\t{_clock(device)}"
        )
    return 0


def _revoke(args: argparse.Namespace, database: CentralDatabase) -> int:
    revoke_device(database, args.device)
    print(f"device {args.device} revoked: its tokens are refused from now on")
    return 0
