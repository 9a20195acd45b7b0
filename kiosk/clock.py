"""Whether this device's clock can be right: the rules the admin screen and the central share.

Why it matters: the clock is the only thing that dates an event (its local date and hour
bucket). A clock that was reset (a dead RTC battery leaves 1970-01-01 or 2000-01-01) or set years
ahead dates events where no statistics query looks, and the counts would be lost from sight. The
device cannot know the true date, so it does not change what its clock says; it tells desk staff
on the admin screen (:func:`clock_state`, shown on the "This kiosk" tab), and the central, which
knows the date an event arrives, counts an event dated implausibly on the day it arrived and
says so (``sync.central.db.clock``).

The rules: no date before :data:`PROJECT_EPOCH` can be right, because no event of this software
is older; nor one after :data:`LATEST`, the last day the statistics can hold. On the device a
date before that of the last event it recorded is wrong too (the clock went back). That last
rule only holds until the next event is recorded with the wrong date; the central's check does
not depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:  # SQLAlchemy is imported only when the database is read: not before the
    from sqlalchemy import Engine  # kiosk's first screen is painted (ui.kiosk.app)

PROJECT_EPOCH: Final = date(2026, 1, 1)
"""No event of this software can be dated earlier: it did not exist before 2026."""
LATEST: Final = date(2099, 12, 31)
"""The last day statistics can be asked for; a clock past it is wrong."""

ClockProblem = Literal["before-epoch", "before-last-event", "too-late"]

_LAST_EVENT = (
    # Outreach sessions take the day they were held, which may be another than today's.
    "SELECT local_date FROM reach_event WHERE session_id IS NULL ORDER BY seq DESC LIMIT 1"
)


@dataclass(frozen=True)
class ClockState:
    """What the device's clock says today, and why it looks wrong (``problem``), if it does."""

    today: date
    problem: ClockProblem | None = None
    last_event: date | None = None

    @property
    def looks_wrong(self) -> bool:
        return self.problem is not None


def clock_state(today: date, last_event: date | None = None) -> ClockState:
    """Judge the clock's ``today`` against the project's epoch, :data:`LATEST` and the date of
    the last event this device recorded."""
    problem: ClockProblem | None = None
    if today < PROJECT_EPOCH:
        problem = "before-epoch"
    elif today > LATEST:
        problem = "too-late"
    elif last_event is not None and today < last_event:
        problem = "before-last-event"
    return ClockState(today=today, problem=problem, last_event=last_event)


def last_event_date(engine: Engine) -> date | None:
    """The local date of the last event this device recorded (by sequence number), outreach
    sessions aside; None before the first one."""
    from sqlalchemy import text

    with engine.connect() as connection:
        found = connection.scalar(text(_LAST_EVENT))
    return None if found is None else date.fromisoformat(str(found))


def device_clock_state(engine: Engine, today: date) -> ClockState:
    """:func:`clock_state` of this device's database (one indexed read)."""
    return clock_state(today, last_event_date(engine))
