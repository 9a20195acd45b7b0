"""The kiosk's real reach log on a SQLite file of its own, as the push loop's outbox.

The crash and fault tests push what a device really holds: events logged through
``kiosk.reach.log.ReachLog`` into its database file (WAL, synchronous=FULL, the device's
sequence numbers and uuids), handed out and marked by the log's own code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from fleet import Enrolled

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import Database, open_database

LANGUAGES = ("en", "es", "zh-Hans", "pa")
Log = TypeVar("Log", bound=ReachLog)
OpenLog = Callable[..., ReachLog]


def open_reach_log(
    folder: Path, device: Enrolled, log_class: type[Log], content_version: str = "2026.11.0"
) -> Log:
    """A reach log (of ``log_class``) for ``device``, its site and id, on a new database in
    ``folder``."""
    context = ReachContext(device.site, device.device, content_version)
    return log_class(open_database(folder), context)


@pytest.fixture
def reach_logs(tmp_path: Path) -> Iterator[OpenLog]:
    """Opens reach logs for enrolled devices, each on a file of its own; closed after the test.

    Call it as ``reach_logs(device)``, or ``reach_logs(device, SomeReachLog)`` for a log whose
    methods a test makes fail.
    """
    opened: list[ReachLog] = []

    def open_log(device: Enrolled, log_class: type[ReachLog] = ReachLog) -> ReachLog:
        log = open_reach_log(tmp_path / f"device-{len(opened)}", device, log_class)
        opened.append(log)
        return log

    yield open_log
    for log in opened:
        close(log)


def log_events(log: ReachLog, count: int, topic: str = "rights-at-work") -> None:
    """Log ``count`` kiosk events of a few kinds, as visitors would, and wait until all are
    durable."""
    last = None
    for index in range(count):
        language = LANGUAGES[index % len(LANGUAGES)]
        if index % 3 == 0:
            last = log.submit("visit")
        elif index % 3 == 1:
            last = log.submit("language_selected", language=language)
        else:
            last = log.submit("topic_viewed", language=language, topic=topic)
    if last is not None:
        last.result(timeout=60)


def logged_uuids(log: ReachLog) -> list[str]:
    """Every event's uuid in the log's file, read with a connection of its own."""
    with sqlite3.connect(log.database.path) as connection:
        return [uuid for (uuid,) in connection.execute("SELECT uuid FROM reach_event")]


def close(log: ReachLog) -> None:
    database: Database = log.database
    log.close()
    database.close()
