"""``outreach-kiosk simulate --visits N [--seed S] [--days D]``: realistic visits, for demos,
load and soak tests, written through the same code the screens use (see kiosk.reach.simulate).

Simulated counts look exactly like real ones, so the command refuses a device that reports to a
central endpoint (``central_url`` set, or enrolled): run it on a separate ``--data-dir``.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.config import Settings
from kiosk.enrolment import load_enrolment
from kiosk.errors import ConfigError
from kiosk.packs.load import load_pack
from kiosk.reach.log import ReachContext, ReachLog, local_now
from kiosk.reach.simulate import SimulatedClock, run
from kiosk.reach.simulated_marker import mark_simulated
from kiosk.storage.database import device_id, open_database


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "simulate", help="write realistic simulated visits (demos, load and soak tests)"
    )
    parser.add_argument("--visits", type=_count, required=True, help="kiosk visits to simulate")
    parser.add_argument("--seed", type=int, help="the same seed gives the same visits")
    parser.add_argument(
        "--days", type=_positive, default=30, help="spread over this many days up to today"
    )
    parser.add_argument(
        "--sessions", type=_count, help="outreach sessions (default: one per 40 visits)"
    )
    parser.set_defaults(handler=simulate)


def simulate(args: argparse.Namespace, settings: Settings) -> int:
    if settings.central_url:
        raise ConfigError(
            f"this device reports to {settings.central_url}: simulated visits would be counted "
            "as real ones; use a separate --data-dir without central_url"
        )
    pack = load_pack()
    database = open_database(settings.resolved_data_dir())
    enrolment = load_enrolment(database)
    if enrolment is not None:
        database.close()
        raise ConfigError(
            f"this device is enrolled with {enrolment.central_url}: simulated visits would be "
            "counted as real ones; use a separate --data-dir that was never enrolled"
        )
    mark_simulated(database)  # before the first event: enrolling this folder now needs a flag
    clock = SimulatedClock(local_now())
    today = clock.now.date()
    reach = ReachLog(
        database, ReachContext(settings.site, device_id(database), pack.version), clock=clock
    )
    try:
        report = run(
            reach,
            clock,
            pack.languages,
            pack.topics,
            args.visits,
            today=today,
            days=args.days,
            seed=args.seed,
            sessions=args.sessions,
        )
    finally:
        reach.close()
        database.close()
    print(report.summary())
    return 0


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
