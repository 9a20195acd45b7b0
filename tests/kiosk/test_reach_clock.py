"""A device clock that jumps by days neither loses nor duplicates events.

The clock only names the day and hour an event belongs to; the device sequence orders events,
and the sync backlog is read by sequence, so whatever the clock does, every event is written
once and handed to the sync client once.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.visit import Visit
from kiosk.storage.database import open_database

PACIFIC = timezone(timedelta(hours=-8))


class JumpingClock:
    """A wall clock that can be set anywhere, as a dead RTC battery or a bad NTP answer does."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def jump(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def test_clock_jumps_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    clock = JumpingClock(datetime(2026, 11, 21, 9, 0, tzinfo=PACIFIC))
    database = open_database(tmp_path)
    log = ReachLog(database, ReachContext("yvr", "dev-test"), clock=clock)
    written: list[str] = []
    dates: list[str] = []
    for jump in (
        {"days": 0},
        {"days": 9},
        {"days": -30},
        {"hours": -5},
        {"days": 400},
        {"days": -400},
    ):
        clock.jump(**jump)
        for _ in range(4):
            written.append(log.record("topic_viewed", language="es", topic="rights-at-work"))
            dates.append(clock.now.date().isoformat())
        # events queued without waiting take the clock of the moment they were made
        visit = Visit(log)
        visit.choose_language("tl")
        clock.jump(minutes=90)
        visit.view_topic("report-safely")
        visit.end("done")
    log.close()
    log = ReachLog(database, ReachContext("yvr", "dev-test"), clock=clock)

    with sqlite3.connect(database.path) as connection:
        stored = connection.execute(
            "SELECT uuid, seq, local_date, kind FROM reach_event ORDER BY seq"
        ).fetchall()
    assert len(stored) == len({row[0] for row in stored}) == 6 * (4 + 3)
    assert [row[1] for row in stored] == list(range(1, len(stored) + 1))
    recorded = [row for row in stored if row[3] == "topic_viewed" and row[0] in written]
    assert [row[0] for row in recorded] == written
    assert [row[2] for row in recorded] == dates  # each event keeps the day its clock said

    # The sync client pages through the backlog by sequence: each event exactly once.
    handed: list[str] = []
    for number in range(100):
        batch = log.unsynced_batch(limit=5)
        if not batch:
            break
        clock.jump(days=-3 if number % 2 else 7)  # the clock keeps misbehaving while syncing
        handed.extend(event["uuid"] for event in batch)
        log.mark_synced(f"batch-{number}", [event["uuid"] for event in batch])
    assert handed == [row[0] for row in stored]
    assert log.backlog() == 0

    # New events after all that still get fresh, higher numbers.
    clock.jump(days=-1000)
    log.record("visit")
    log.close()
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("SELECT max(seq), count(*) FROM reach_event").fetchone() == (
            len(stored) + 1,
            len(stored) + 1,
        )
    database.close()
