"""``outreach-kiosk enrol CODE --central URL``: trade a coordinator's one-time code for a token."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.config import Settings
from kiosk.enrolment import Enrolment, save_enrolment
from kiosk.errors import KioskError
from kiosk.storage import device_id, open_database
from sync.client import CentralClient


def register(commands: Any) -> None:
    parser = commands.add_parser("enrol", help="enrol this device with the central endpoint")
    parser.add_argument("code", help="the one-time enrolment code a coordinator created")
    parser.add_argument("--central", help="the central's URL (default: the central_url setting)")
    parser.set_defaults(handler=enrol)


def enrol(args: argparse.Namespace, settings: Settings) -> int:
    central = args.central or settings.central_url
    if not central:
        print("outreach-kiosk enrol: give --central URL (or set central_url)")
        return 2
    database = open_database(settings.resolved_data_dir())
    try:
        device = device_id(database)
        try:
            client = CentralClient(central, ca_bundle=settings.ca_bundle)
        except ValueError as exc:  # not an https URL (plain http only to this machine)
            raise KioskError(str(exc)) from exc
        with client:
            answer = client.enrol(args.code, device)
        save_enrolment(database, Enrolment(central, answer.token, answer.site))
    finally:
        database.close()
    print(f"enrolled: device {answer.device} reports for site {answer.site} to {central}")
    return 0
