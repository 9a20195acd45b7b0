"""``outreach-kiosk enrol CODE --central URL``: trade a coordinator's one-time code for a token.

Safe to retry over a bad link: the enrolment's request id is saved in the local database before
the first try (``kiosk.enrolment.enrolment_request_id``), so a try whose answer was lost, here or
in an earlier run that crashed or was killed, is answered again by the central with a fresh
token instead of a refusal of the used code. Passing failures are tried again a few times, with
backoff; if they last, the admin is told that running the same command again is safe.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from kiosk.config import Settings
from kiosk.enrolment import Enrolment, enrolment_request_id, save_enrolment
from kiosk.errors import KioskError
from kiosk.simulated_marker import holds_simulated
from kiosk.storage import device_id, open_database
from sync.backoff import backoff_delay
from sync.client import CentralClient
from sync.errors import RetryableSyncError
from sync.protocol import EnrolResponse

DEFAULT_ATTEMPTS = 4
FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 30.0
"""Waits longer than this (e.g. a central's Retry-After after many bad codes) end the command."""


def register(commands: Any) -> None:
    parser = commands.add_parser("enrol", help="enrol this device with the central endpoint")
    parser.add_argument("code", help="the one-time enrolment code a coordinator created")
    parser.add_argument("--central", help="the central's URL (default: the central_url setting)")
    parser.add_argument(
        "--attempts",
        type=int,
        default=DEFAULT_ATTEMPTS,
        help=f"tries when the central cannot be reached or the answer is lost "
        f"(default {DEFAULT_ATTEMPTS})",
    )
    parser.add_argument(
        "--allow-simulated",
        action="store_true",
        help="enrol even though this data folder holds simulated visits (test centrals only: "
        "they would be counted as real ones)",
    )
    parser.set_defaults(handler=enrol)


def enrol(args: argparse.Namespace, settings: Settings) -> int:
    central = args.central or settings.central_url
    if not central:
        print("outreach-kiosk enrol: give --central URL (or set central_url)")
        return 2
    if args.attempts < 1:
        print("outreach-kiosk enrol: --attempts must be at least 1")
        return 2
    database = open_database(settings.resolved_data_dir())
    try:
        if holds_simulated(database) and not args.allow_simulated:
            raise KioskError(
                "this data folder holds simulated visits, which the central would count as real "
                "ones: enrol a fresh --data-dir (or pass --allow-simulated for a test central)"
            )
        device = device_id(database)
        request_id = enrolment_request_id(database)  # saved before the first try
        try:
            client = CentralClient(central, ca_bundle=settings.ca_bundle)
        except ValueError as exc:  # not an https URL (plain http only to this machine)
            raise KioskError(str(exc)) from exc
        with client:
            try:
                answer = enrol_with_retries(
                    client, args.code, device, request_id, attempts=args.attempts
                )
            except RetryableSyncError as exc:
                raise KioskError(
                    f"{exc}. Nothing is lost: run the same command again with the same code; "
                    "the central recognises this device's enrolment request until the code "
                    "expires"
                ) from exc
        save_enrolment(database, Enrolment(central, answer.token, answer.site))
    finally:
        database.close()
    print(f"enrolled: device {answer.device} reports for site {answer.site} to {central}")
    return 0


def enrol_with_retries(
    client: CentralClient,
    code: str,
    device: str,
    request_id: str,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> EnrolResponse:
    """The central's answer, trying again (same request id) after passing failures."""
    for attempt in range(1, attempts + 1):
        try:
            return client.enrol(code, device, request_id)
        except RetryableSyncError as exc:
            if attempt == attempts or (exc.retry_after or 0.0) > LONGEST_WAIT_SECONDS:
                raise
            sleep(
                backoff_delay(
                    attempt,
                    random.random(),
                    base=FIRST_WAIT_SECONDS,
                    cap=LONGEST_WAIT_SECONDS,
                    retry_after=exc.retry_after,
                )
            )
    raise AssertionError("unreachable: the last attempt returns or raises")
