"""The device tells whether its clock can be right: before the project existed, past the last day
statistics hold, or back before its last count (kiosk.clock)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.clock import (
    LATEST,
    PROJECT_EPOCH,
    ClockProblem,
    ClockState,
    clock_state,
    device_clock_state,
)
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.outreach import OutreachLog, SessionForm
from kiosk.storage.database import open_database
from tests.kiosk.test_reach_clock import PACIFIC, JumpingClock


@pytest.mark.parametrize(
    ("today", "last_event", "problem"),
    [
        (date(2026, 12, 7), None, None),
        (date(2026, 12, 7), date(2026, 12, 7), None),
        (date(2026, 12, 7), date(2026, 12, 1), None),
        (PROJECT_EPOCH, None, None),
        (LATEST, None, None),
        (date(1970, 1, 1), None, "before-epoch"),
        (date(2000, 1, 1), date(2026, 12, 6), "before-epoch"),
        (date(2025, 12, 31), None, "before-epoch"),
        (date(2100, 1, 1), None, "too-late"),
        (date(9999, 12, 31), date(2026, 12, 6), "too-late"),
        (date(2026, 3, 1), date(2026, 12, 6), "before-last-event"),
    ],
)
def test_clock_state(today: date, last_event: date | None, problem: ClockProblem | None) -> None:
    state = clock_state(today, last_event)
    assert state == ClockState(today=today, problem=problem, last_event=last_event)
    assert state.looks_wrong is (problem is not None)


def test_the_device_judges_its_clock_by_the_last_count_it_recorded(tmp_path: Path) -> None:
    clock = JumpingClock(datetime(2026, 12, 7, 9, 0, tzinfo=PACIFIC))
    database = open_database(tmp_path)
    log = ReachLog(database, ReachContext("yvr", "dev-test"), clock=clock)
    try:
        assert device_clock_state(database.engine, clock.now.date()).problem is None  # no events
        log.record("visit")
        # An outreach session is dated the day it was held, which says nothing of the clock.
        session = SessionForm(
            session_date=date(2026, 12, 20),
            region="kootenay",
            sector="agriculture",
            stream="sawp",
            workers_reached=9,
            languages=("es",),
        )
        OutreachLog(log).record(session).result()
        state = device_clock_state(database.engine, date(2026, 12, 7))
        assert (state.problem, state.last_event) == (None, date(2026, 12, 7))

        clock.jump(days=-200)  # back to 2026-05-21: a plausible date, but before the last count
        state = device_clock_state(database.engine, clock.now.date())
        assert (state.problem, state.last_event) == ("before-last-event", date(2026, 12, 7))

        clock.now = datetime(1970, 1, 1, 0, 0, tzinfo=PACIFIC)  # a reset real-time clock
        log.record("visit")
        state = device_clock_state(database.engine, clock.now.date())
        assert (state.problem, state.last_event) == ("before-epoch", date(1970, 1, 1))

        clock.now = datetime(2026, 12, 8, 10, 0, tzinfo=PACIFIC)  # set right again
        assert device_clock_state(database.engine, clock.now.date()).problem is None
    finally:
        log.close()
        database.close()
