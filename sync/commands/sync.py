"""``outreach-kiosk sync [--once]``: push this device's unsynced counts, then pull new content.

With ``--once`` it prints one line for the counts and one for the content; the exit status says
whether the counts went (a content problem is printed and recorded for the admin screen, where
it stays until the central offers a pack this device accepts).
"""

from __future__ import annotations

import argparse
import threading
from typing import Any

from kiosk.config import Settings
from kiosk.enrolment import load_enrolment
from kiosk.errors import KioskError
from kiosk.packs.store import PackStore
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import device_id, open_database
from sync.client import CentralClient
from sync.content_pull import ContentPuller
from sync.outbox import push_outbox
from sync.worker import SyncStatus, SyncWorker


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sync", help="push unsynced counts to the central endpoint, then pull new content"
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="push until the outbox is empty, install newer content if any, then exit",
    )
    parser.set_defaults(handler=sync)


def sync(args: argparse.Namespace, settings: Settings) -> int:
    database = open_database(settings.resolved_data_dir())
    reach: ReachLog | None = None
    try:
        enrolment = load_enrolment(database)
        if enrolment is None:
            raise KioskError(
                "this device is not enrolled: run `outreach-kiosk enrol CODE --central URL` first"
            )
        reach = ReachLog(database, ReachContext(enrolment.site, device_id(database)))
        content = ContentPuller(PackStore.from_settings(settings))
        if args.once:
            with CentralClient(
                enrolment.central_url, enrolment.token, ca_bundle=settings.ca_bundle
            ) as client:
                report = push_outbox(reach, client)
                print(
                    f"pushed {report.pushed} events in {report.batches} batches "
                    f"({report.accepted} new, {report.duplicates} already there); "
                    f"backlog {report.backlog}",
                    flush=True,
                )
                pulled = content.pull(client)
            print(f"content: {pulled.describe()}")
            return 0
        return _run_until_interrupted(
            reach, content, enrolment.central_url, enrolment.token, settings
        )
    finally:
        if reach is not None:
            reach.close()
        database.close()


def _run_until_interrupted(
    reach: ReachLog, content: ContentPuller, url: str, token: str, settings: Settings
) -> int:
    stopped = threading.Event()

    def show(status: SyncStatus) -> None:
        print(
            f"backlog {status.backlog}; last error: {status.last_error or 'none'}; "
            f"content {status.content_version or 'unknown'}; "
            f"content error: {status.content_error or 'none'}",
            flush=True,
        )
        if status.stopped:
            stopped.set()

    worker = SyncWorker(
        reach, url, token, ca_bundle=settings.ca_bundle, on_status=show, content=content
    )
    worker.start()
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
    return 1 if worker.status.stopped else 0
