"""``outreach-kiosk enrol CODE --central URL``: trade a coordinator's one-time code for a token.

Safe to retry over a bad link: the enrolment's request id is saved in the local database before
the first try (``kiosk.enrolment.enrolment_request_id``), so a try whose answer was lost, here or
in an earlier run that crashed or was killed, is answered again by the central with a fresh
token instead of a refusal of the used code. Passing failures are tried again a few times, with
backoff; if they last, the admin is told that running the same command again is safe.

A device enrolled before (moved to another site) sends the token it holds from that central,
which proves the device id is its own. When the central answers that another device holds the
id (this data folder is a copy, and the other copy enrolled first), the device takes a new id,
durably, and enrols again with the same code: the central did not use it for the refused try.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from kiosk.config import Settings
from kiosk.enrolment import (
    Enrolment,
    enrolment_request_id,
    load_enrolment,
    save_enrolment,
    take_new_device_id,
)
from kiosk.errors import KioskError
from kiosk.reach.simulated_marker import holds_simulated
from kiosk.storage.database import Database, device_id, open_database
from sync.backoff import backoff_delay
from sync.client import CentralClient
from sync.errors import DeviceIdTakenError, RetryableSyncError
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
        request_id = enrolment_request_id(database)  # saved before the first try
        try:
            client = CentralClient(central, ca_bundle=settings.ca_bundle)
        except ValueError as exc:  # not an https URL (plain http only to this machine)
            raise KioskError(str(exc)) from exc
        with client:
            try:
                answer = enrol_own_device_id(
                    client, database, args.code, request_id, attempts=args.attempts
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


def enrol_own_device_id(
    client: CentralClient,
    database: Database,
    code: str,
    request_id: str,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> EnrolResponse:
    """Enrol this device under its id, or under a new one if another device holds it."""
    device = device_id(database)
    held = load_enrolment(database)  # a token from this central proves the id is this device's
    token = held.token if held and _same_url(held.central_url, client.base_url) else None
    try:
        return enrol_with_retries(
            client, code, device, request_id, current_token=token, attempts=attempts, sleep=sleep
        )
    except DeviceIdTakenError:
        new = take_new_device_id(database)  # saved before the next try, like the request id
    print(
        f"device id {device} is enrolled by another device (a copy of this data folder?); "
        f"this device is now {new}",
        flush=True,
    )
    # A refusal of this new id too would be no clash of random ids: it ends the command.
    return enrol_with_retries(client, code, new, request_id, attempts=attempts, sleep=sleep)


def _same_url(first: str, second: str) -> bool:
    return first.rstrip("/") == second.rstrip("/")


def enrol_with_retries(
    client: CentralClient,
    code: str,
    device: str,
    request_id: str,
    *,
    current_token: str | None = None,
    attempts: int = DEFAULT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> EnrolResponse:
    """The central's answer, trying again (same request id) after passing failures."""
    for attempt in range(1, attempts + 1):
        try:
            return client.enrol(code, device, request_id, current_token=current_token)
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
