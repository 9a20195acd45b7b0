"""Local reach statistics: today, this week and this month on this device, and the sync backlog.

Desk staff and outreach workers look at these to answer a coordinator's questions before a sync
(how many people, in which languages, about what). They are read from ``reach_daily`` and
``reach_counter``, which SQLite triggers keep exact in the same transaction as every event
(migration 0002): a month is a few thousand rows at most, however many events the device holds.
A range scan over the events themselves took 0.3 to 0.7 s for a million events in one month.

What each measure counts (sums of quantities):

* ``kind``: every event, by kind;
* ``channel``: people reached, i.e. kiosk visits plus workers reached in outreach sessions;
* ``language``: languages chosen at the kiosk, plus languages outreach sessions were held in;
* ``topic``: topics viewed at the kiosk or covered in outreach sessions;
* ``requested``: languages visitors asked for that the kiosk does not offer yet.

The clock only picks the periods; an event dated after today (a clock that was ahead) is in no
period until the calendar reaches it, and still in the backlog.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

from kiosk.durable_files import write_text_atomically

PERIODS = ("today", "week", "month")
MEASURES = ("kind", "channel", "language", "topic", "requested")
EXPORT_FOLDER = "exports"
SMALL_CELL = 5  # counts below this leave the device as "<5" (docs/architecture.md)

_DAILY = text(
    "SELECT local_date, channel, kind, language, topic, quantity FROM reach_daily"
    " WHERE local_date BETWEEN :first AND :last AND quantity > 0"
)
_BACKLOG = text("SELECT value FROM reach_counter WHERE name = 'unsynced'")
_REACHED = {"visit", "outreach_session"}


@dataclass(frozen=True)
class Period:
    """A named span of days, both ends included."""

    name: str
    first: date
    last: date


def periods_for(today: date) -> tuple[Period, ...]:
    """Today; this week from Monday; this month from the 1st."""
    return (
        Period("today", today, today),
        Period("week", today - timedelta(days=today.weekday()), today),
        Period("month", today.replace(day=1), today),
    )


@dataclass(frozen=True)
class LocalStats:
    """The counts of each period by measure and code, the cards printed and the backlog."""

    today: date
    periods: tuple[Period, ...]
    counts: dict[str, dict[str, dict[str, int]]]  # period -> measure -> code -> count
    cards_printed: dict[str, int]  # period -> cards
    backlog: int  # events not yet acknowledged by the central endpoint

    def count(self, period: str, measure: str, code: str) -> int:
        return self.counts[period][measure].get(code, 0)

    def codes(self, measure: str) -> list[str]:
        """Every code of ``measure`` seen in any period, most frequent this month first."""
        month = self.counts["month"][measure]
        seen = {code for period in PERIODS for code in self.counts[period][measure]}
        return sorted(seen, key=lambda code: (-month.get(code, 0), code))

    def rows(self) -> list[tuple[str, str, str, str, str, int]]:
        """Flat rows for a spreadsheet: period, first day, last day, measure, code, count."""
        found = []
        for period in self.periods:
            first, last = period.first.isoformat(), period.last.isoformat()
            for measure in MEASURES:
                for code in self.codes(measure):
                    value = self.counts[period.name][measure].get(code, 0)
                    found.append((period.name, first, last, measure, code, value))
            found.append(
                (period.name, first, last, "cards_printed", "all", self.cards_printed[period.name])
            )
        found.append(("now", "", "", "unsynced_backlog", "events", self.backlog))
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "periods": {
                period.name: {
                    "first": period.first.isoformat(),
                    "last": period.last.isoformat(),
                    "cards_printed": self.cards_printed[period.name],
                    **{
                        measure: dict(sorted(self.counts[period.name][measure].items()))
                        for measure in MEASURES
                    },
                }
                for period in self.periods
            },
            "unsynced_backlog": self.backlog,
        }

    def to_csv(self, suppress_below: int = SMALL_CELL) -> str:
        """The rows as CSV; counts from 1 to ``suppress_below - 1`` are written as ``<N``.

        A file leaves the device, so it follows the rule for statistics leaving the central endpoint
        (docs/architecture.md): a cell of one or two people might point at someone. The backlog is a
        count of rows, not of people, and is written as it is. 0 turns suppression off.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("period", "first_day", "last_day", "measure", "code", "count"))
        for *where, count in self.rows():
            people = where[3] != "unsynced_backlog"
            shown = f"<{suppress_below}" if people and 0 < count < suppress_below else count
            writer.writerow((*where, shown))
        return out.getvalue()


def compute(engine: Engine, today: date) -> LocalStats:
    """The statistics as of ``today`` (the device's local date)."""
    with engine.connect() as connection:
        return compute_on(connection, today)


def compute_on(connection: Connection, today: date) -> LocalStats:
    periods = periods_for(today)
    first = min(period.first for period in periods)
    counts: dict[str, dict[str, defaultdict[str, int]]] = {
        p.name: {m: defaultdict(int) for m in MEASURES} for p in periods
    }
    cards = dict.fromkeys(PERIODS, 0)
    daily = connection.execute(_DAILY, {"first": first.isoformat(), "last": today.isoformat()})
    for day_text, channel, kind, language, topic, quantity in daily:
        day = date.fromisoformat(day_text)
        for period in periods:
            if day < period.first:
                continue
            measures = counts[period.name]
            measures["kind"][kind] += quantity
            if kind in _REACHED:
                measures["channel"][channel] += quantity
            if kind == "language_selected" and language:
                measures["language"][language] += quantity
            elif kind == "language_requested" and language:
                measures["requested"][language] += quantity
            elif kind == "topic_viewed" and topic:
                measures["topic"][topic] += quantity
            elif kind == "card_printed":
                cards[period.name] += quantity
    backlog = int(connection.execute(_BACKLOG).scalar_one())
    plain = {p: {m: dict(codes) for m, codes in measures.items()} for p, measures in counts.items()}
    return LocalStats(today, periods, plain, cards, backlog)


def export_csv(stats: LocalStats, data_dir: Path) -> Path:
    """Write the statistics to ``<data dir>/exports/reach-stats-<today>.csv``; return the path.

    Small cells are suppressed (see :meth:`LocalStats.to_csv`). Written to a temporary file,
    flushed to disk and renamed, so a power cut never leaves a half-written export behind. A
    second export on the same day replaces the first.
    """
    folder = data_dir / EXPORT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"reach-stats-{stats.today.isoformat()}.csv"
    write_text_atomically(target, stats.to_csv(), newline="")
    return target
