"""Events dated by a device clock that cannot have been right are counted on the day they arrive.

Why: a kiosk whose clock was reset (1970-01-01, 2000-01-01) or set far ahead (2100, 9999) logs
events at dates no statistics query covers (2000 to 2099), or at dates the calendar has not
reached yet; stored as they came, their counts would never be seen. The central knows the date an
event arrives, so it judges each event's date against it: a date before the project's epoch
(``kiosk.clock.PROJECT_EPOCH``: no event of this software is older) or more than a day after
the arrival date (a day allows for the devices' time zones) cannot be right. Such an event is
counted on its arrival date (UTC) instead, its own date is kept as ``claimed_date`` and the
rollups count it apart (``redated_events``, ``redated_quantity``), so the statistics say how
much of a figure was re-dated (``StatsTable.redated``) and ``outreach-central device list`` says
which device's clock is wrong.

What it does not do: a clock wrong by a plausible amount (set back a month) cannot be told from a
device that was offline for a month; its events keep the date they were given. Nothing more
precise than a date is stored for this; the event's hour bucket stays as the device gave it.
Exactly-once is unchanged: a retried event is compared with its stored row as it was sent (its
``claimed_date`` when it has one), so a re-dated event sent again on another day is still the
same event, and is counted once, on the day it first arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from kiosk.clock import PROJECT_EPOCH

FUTURE_TOLERANCE: Final = timedelta(days=1)
"""How far an event's local date may lie after its arrival date (UTC): a device east of UTC is
already on the next day."""


def plausible_days(arrival: date) -> tuple[date, date]:
    """The first and last local date an event arriving on ``arrival`` may carry."""
    return PROJECT_EPOCH, arrival + FUTURE_TOLERANCE


def claimed_dates(dates: Sequence[date], arrival: date) -> list[date | None] | None:
    """For each of ``dates``, the date itself if it cannot be right (the event is then counted
    on ``arrival``) or None if it can; None alone when every date can be right, the usual case.

    That case is found by judging each distinct date once: a batch holds a few days, and
    collecting them costs a third less than comparing every date (``min``/``max``).
    """
    first, last = plausible_days(arrival)
    if all(first <= day <= last for day in set(dates)):
        return None
    return [None if first <= day <= last else day for day in dates]
