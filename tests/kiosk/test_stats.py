"""Local statistics: the right periods, the right measures, exact rollups, a CSV to hand over."""

from __future__ import annotations

import csv
import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.outreach import OutreachLog, SessionForm
from kiosk.reach.stats import MEASURES, compute, export_csv, periods_for
from kiosk.storage.database import Database, open_database

PACIFIC = timezone(timedelta(hours=-8))
TODAY = date(2026, 11, 19)  # a Thursday


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 19, 10, tzinfo=PACIFIC)

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date) -> None:
        self.now = self.now.replace(year=day.year, month=day.month, day=day.day)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reach(database: Database, clock: Clock) -> Iterator[ReachLog]:
    log = ReachLog(database, ReachContext("yvr", "dev-test"), clock=clock)
    yield log
    log.close()


def test_periods_start_on_monday_and_on_the_first() -> None:
    today, week, month = periods_for(TODAY)
    assert (today.first, today.last) == (TODAY, TODAY)
    assert (week.first, week.last) == (date(2026, 11, 16), TODAY)
    assert (month.first, month.last) == (date(2026, 11, 1), TODAY)
    assert periods_for(date(2026, 12, 1))[1].first == date(2026, 11, 30)  # a week across months


def test_each_event_lands_in_its_periods(reach: ReachLog, clock: Clock, database: Database) -> None:
    for day, language in [
        (TODAY, "es"),
        (date(2026, 11, 16), "tl"),  # Monday: this week
        (date(2026, 11, 15), "pa"),  # Sunday before: this month only
        (date(2026, 10, 31), "vi"),  # last month: in no period
        (date(2026, 11, 25), "th"),  # a clock that was ahead: not yet in any period
    ]:
        clock.on(day)
        reach.record("visit")
        reach.record("language_selected", language=language)
    stats = compute(database.engine, TODAY)
    assert stats.counts["today"]["language"] == {"es": 1}
    assert stats.counts["week"]["language"] == {"es": 1, "tl": 1}
    assert stats.counts["month"]["language"] == {"es": 1, "tl": 1, "pa": 1}
    assert [stats.count(p, "kind", "visit") for p in ("today", "week", "month")] == [1, 2, 3]
    assert stats.backlog == 10  # the backlog counts every unsynced event, whatever its date


def test_measures_count_what_they_say(reach: ReachLog, database: Database) -> None:
    reach.record("visit")
    reach.record("visit", assisted=True)
    reach.record("language_selected", language="es")
    reach.record("language_requested", language="mam")
    reach.record("topic_viewed", language="es", topic="rights-at-work")
    reach.record("audio_played", language="es", topic="rights-at-work")
    reach.record("card_printed", language="es", quantity=2)
    reach.record("qr_shown", language="es")
    OutreachLog(reach).record(
        SessionForm(
            session_date=TODAY,
            region="cariboo",
            sector="agriculture",
            stream="agricultural-stream",
            workers_reached=9,
            cards_given=7,
            brochures_given=3,
            languages=("es", "pa"),
            topics=("report-safely",),
        )
    ).result()
    month = compute(database.engine, TODAY).counts["month"]
    assert month["channel"] == {"kiosk": 2, "outreach": 9}  # people reached
    assert month["language"] == {"es": 2, "pa": 1}
    assert month["requested"] == {"mam": 1}
    assert month["topic"] == {"rights-at-work": 1, "report-safely": 1}
    assert month["kind"] == {
        "visit": 2,
        "language_selected": 3,
        "language_requested": 1,
        "topic_viewed": 2,
        "audio_played": 1,
        "card_printed": 9,
        "qr_shown": 1,
        "outreach_session": 9,
        "brochure_given": 3,
    }
    assert compute(database.engine, TODAY).cards_printed == {"today": 9, "week": 9, "month": 9}


def raw_figures(database: Database, today: date) -> tuple[dict[str, Counter[tuple[str, ...]]], int]:
    """The same figures counted the slow way, straight from the events."""
    figures: dict[str, Counter[tuple[str, ...]]] = {}
    with sqlite3.connect(database.path) as connection:
        for period in periods_for(today):
            rows = connection.execute(
                "SELECT kind, channel, coalesce(language, ''), coalesce(topic, ''), sum(quantity)"
                " FROM reach_event WHERE local_date BETWEEN ? AND ?"
                " GROUP BY kind, channel, language, topic",
                (period.first.isoformat(), period.last.isoformat()),
            ).fetchall()
            figures[period.name] = Counter({tuple(row[:4]): row[4] for row in rows})
        backlog = connection.execute(
            "SELECT count(*) FROM reach_event WHERE synced_batch IS NULL"
        ).fetchone()[0]
    return figures, backlog


def test_rollups_stay_exact_through_edits_voids_and_syncs(
    reach: ReachLog, clock: Clock, database: Database
) -> None:
    chance = random.Random(7)
    outreach = OutreachLog(reach)
    form = SessionForm(
        TODAY, "kootenay", "hospitality", "other", 5, 1, 1, ("es",), ("report-safely",)
    )
    sessions: list[int] = []
    for step in range(300):
        clock.on(TODAY - timedelta(days=chance.randrange(40)))
        action = chance.random()
        if action < 0.7:
            reach.submit(
                chance.choice(["visit", "topic_viewed", "card_printed"]),
                language=chance.choice([None, "es", "tl"]),
                topic=chance.choice([None, "rights-at-work"]),
                quantity=chance.randint(1, 3),
            )
        elif action < 0.8:
            sessions.append(outreach.record(replace(form, workers_reached=step % 30 + 1)).result())
        elif action < 0.9 and sessions:
            target = chance.choice(sessions)
            if outreach.get(target).editable:
                outreach.record(replace(form, workers_reached=step % 7 + 1), target).result()
        elif action < 0.95 and sessions:
            target = chance.choice(sessions)
            if outreach.get(target).editable:
                outreach.void(target).result()
        else:
            batch = reach.unsynced_batch(limit=chance.randint(1, 20))
            reach.mark_synced(f"b{step}", [event["uuid"] for event in batch[: len(batch) // 2]])
    reach.record("visit")  # after every queued event

    stats = compute(database.engine, TODAY)
    figures, backlog = raw_figures(database, TODAY)
    assert stats.backlog == backlog == reach.backlog()
    for period in ("today", "week", "month"):
        expected: dict[str, Counter[str]] = {measure: Counter() for measure in MEASURES}
        for (kind, channel, language, topic), quantity in figures[period].items():
            expected["kind"][kind] += quantity
            if kind in ("visit", "outreach_session"):
                expected["channel"][channel] += quantity
            if kind == "language_selected":
                expected["language"][language] += quantity
            if kind == "topic_viewed" and topic:
                expected["topic"][topic] += quantity
        for measure in MEASURES:
            assert stats.counts[period][measure] == dict(+expected[measure]), (period, measure)
    assert sum(stats.counts["month"]["kind"].values()) > 100


def test_json_and_csv_carry_the_same_figures(
    reach: ReachLog, database: Database, tmp_path: Path
) -> None:
    reach.record("language_selected", language="es")
    reach.record("card_printed", language="es", quantity=4)
    reach.record("visit", quantity=7)
    stats = compute(database.engine, TODAY)
    as_json = stats.as_json()
    assert as_json["unsynced_backlog"] == 3
    assert as_json["periods"]["week"]["language"] == {"es": 1}
    assert as_json["periods"]["month"]["cards_printed"] == 4
    assert set(as_json["periods"]["today"]) == {"first", "last", "cards_printed", *MEASURES}

    path = export_csv(stats, tmp_path)
    assert path == tmp_path / "exports" / "reach-stats-2026-11-19.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # a file leaves the device: counts of 1 to 4 people are written as "<5" (docs/architecture.md)
    assert {"period": "week", "first_day": "2026-11-16", "last_day": "2026-11-19",
            "measure": "language", "code": "es", "count": "<5"} in rows  # fmt: skip
    assert {"period": "week", "first_day": "2026-11-16", "last_day": "2026-11-19",
            "measure": "kind", "code": "visit", "count": "7"} in rows  # fmt: skip
    assert {"period": "now", "first_day": "", "last_day": "", "measure": "unsynced_backlog",
            "code": "events", "count": "3"} in rows  # fmt: skip
    assert "1" not in {row["count"] for row in rows if row["measure"] != "unsynced_backlog"}
    assert ",es,1\n" in stats.to_csv(suppress_below=0)  # raw, for whoever asks explicitly
    again = export_csv(stats, tmp_path)  # the same day replaces, and leaves no temporary file
    assert again == path
    assert [p.name for p in (tmp_path / "exports").iterdir()] == [path.name]
