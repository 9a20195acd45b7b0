"""Events dated by a wrong device clock are counted on the day they reached the central, said to
be, and counted once; on SQLite and PostgreSQL, over real HTTP where a device would push them."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from central_process import CentralProcess, run_central
from fleet import Enrolled, batch, enrol, make_event
from reach_data import get_stats, new_person, sign_in
from sqlalchemy import Date, DateTime, column, insert, select, table
from sqlalchemy.sql.expression import TableClause

from sync.central.db import clock
from sync.central.db.database import CentralDatabase, downgrade, upgrade
from sync.central.db.ingest import ingest
from sync.central.db.models import Event, UuidKey
from sync.central.stats import rollups
from sync.central.stats import tables as stats
from sync.protocol import EVENT_FIELDS, EventBatch
from sync.stats.exports import about
from sync.stats.labels import Labels
from sync.stats.protocol import Count, StatsQuery, StatsTable
from sync.stats.report import build as build_report
from sync.stats.report_plan import report_queries

WRONG_DATES = ("0001-01-01", "1900-01-01", "1970-01-01", "2100-01-01", "9999-12-31")
RIGHT_DAY = "2026-11-21"


def utc_today() -> date:
    return datetime.now(UTC).date()


def visits(device: Enrolled, days: list[str], first_seq: int) -> list[dict[str, Any]]:
    return [
        make_event(
            device.device, device.site, seq, kind="visit", language="es", topic=None, local_date=day
        )
        for seq, day in enumerate(days, start=first_seq)
    ]


def post(central: CentralProcess, device: Enrolled, events: list[dict[str, Any]]) -> list[int]:
    answer = requests.post(
        f"{central.url}/api/v1/events:batch", json=batch(events), headers=device.headers, timeout=60
    )
    assert answer.status_code == 200, answer.text
    return [answer.json()["accepted"], answer.json()["duplicates"]]


def daily_reach(
    central: CentralProcess, headers: dict[str, str], site: str, last: date
) -> StatsTable:
    answer = get_stats(
        central,
        headers,
        [("start", "2026-11-01"), ("end", last.isoformat()), ("interval", "day"), ("site", site)],
    )
    assert answer.status_code == 200, answer.text
    return StatsTable.model_validate_json(answer.content)


def test_wrongly_dated_events_are_seen_on_their_arrival_day_marked_and_counted_once(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    wrong = visits(device, [*WRONG_DATES, *WRONG_DATES], first_seq=1)  # two visits per date
    right = visits(device, [RIGHT_DAY] * 6, first_seq=11)
    first_day = utc_today()
    assert post(central, device, wrong + right) == [16, 0]
    assert post(central, device, wrong + right) == [0, 16]  # a retry: nothing new
    late = visits(device, ["1970-01-01"], first_seq=17)
    assert post(central, device, [*wrong[:3], *late]) == [1, 3]  # partly known
    last_day = utc_today()

    # A viewer sees them, on the day they arrived, and how many of that day's count they are.
    viewer = sign_in(central, new_person(db, "viewer"))
    table = daily_reach(central, viewer, device.site, last_day)
    assert table.total.value == 17  # 6 dated rightly, 11 by a wrong clock
    by_day = {
        row.key[0]: (total.shown, redated.shown)
        for row, total, redated in zip(table.rows, table.row_totals, table.row_redated, strict=True)
        if total.value != 0
    }
    assert by_day.pop(RIGHT_DAY) == ("6", "0")  # events dated rightly are not touched
    assert sum(int(shown) for shown, _redated in by_day.values()) == 11
    assert all(shown == redated for shown, redated in by_day.values())
    assert set(by_day) <= {first_day.isoformat(), last_day.isoformat()}
    assert table.redated.value == 11

    # Stored on the day they arrived, with the date the device gave them.
    with db.sessions() as session:
        stored = {
            row.uuid: (row.local_date, row.claimed_date)
            for row in session.scalars(select(Event).where(Event.device == device.device))
        }
    for event in wrong + late:
        counted_on, claimed = stored[event["uuid"]]
        assert first_day <= counted_on <= last_day
        assert claimed == date.fromisoformat(event["local_date"])
    for event in right:
        assert stored[event["uuid"]] == (date.fromisoformat(RIGHT_DAY), None)

    # The device list tells the coordinator whose clock it was.
    listed = run_central(db.url, "device", "list")
    assert listed.returncode == 0, listed.stderr
    header = listed.stdout.splitlines()[0].split("\t")
    assert header[-2:] == ["re-dated", "clock"]
    line = next(row for row in listed.stdout.splitlines() if row.startswith(device.device))
    assert line.split("\t")[-2:] == ["11", "wrong at last push"]

    other = enrol(central.url, db, site=device.site)
    assert post(central, other, visits(other, [RIGHT_DAY], first_seq=1)) == [1, 0]
    listed = run_central(db.url, "device", "list")
    line = next(row for row in listed.stdout.splitlines() if row.startswith(other.device))
    assert line.split("\t")[-2:] == ["0", "-"]


NOW = datetime(2026, 11, 1, 12)


def parse(events: list[dict[str, Any]]) -> EventBatch:
    return EventBatch.model_validate_json(
        json.dumps({"batch_id": str(uuid.uuid4()), "events": events})
    )


def ingested(db: CentralDatabase, events: list[dict[str, Any]], now: datetime) -> tuple[int, int]:
    with db.writes.begin() as session:
        result = ingest(session, parse(events), "dev-z", "site-z", now)
    return result.accepted, result.duplicates


def mixed_events(count: int) -> list[dict[str, Any]]:
    """Kiosk visits and outreach sessions, dated rightly, wrongly, and at the edges of right."""
    days = [
        *WRONG_DATES,
        "2025-12-31",  # before the epoch: wrong
        "2026-01-01",  # the epoch: right
        "2026-10-20",
        "2026-11-02",  # a day after arrival: a device east of UTC
        "2026-11-03",  # two days after: wrong
    ]
    events = []
    for seq in range(1, count + 1):
        outreach = seq % 4 == 0
        events.append(
            make_event(
                "dev-z",
                "site-z",
                seq,
                channel="outreach" if outreach else "kiosk",
                kind="outreach_session" if outreach else ("visit", "topic_viewed")[seq % 2],
                quantity=seq % 7 + 1 if outreach else 1,
                language=("es", "pa", None)[seq % 3],
                region="kootenay" if outreach else None,
                local_date=days[seq % len(days)],
            )
        )
    return events


def figures_by_plan(db: CentralDatabase, query: StatsQuery) -> None:
    """Every rollup that can answer ``query`` gives the events' figures, re-dated parts too."""
    with db.sessions() as session:
        *rollup_plans, events = stats.plans(query)
        expected = stats.figures(session, query, events)
        assert expected.redated, query
        for plan in rollup_plans:
            assert stats.figures(session, query, plan) == expected, (str(plan), query)


QUERIES = [
    StatsQuery(period="quarter", start=date(2026, 10, 1), measure=measure, group_by=group_by)
    for measure in ("reach", "events", "quantity")
    for group_by in ((), ("language",), ("channel", "kind"), ("region", "site"))
] + [StatsQuery(period="month", start=date(2026, 11, 1), interval="day", group_by=("language",))]


def test_a_retry_on_another_day_is_a_duplicate_and_the_rollups_agree(
    central_db: CentralDatabase,
) -> None:
    events = mixed_events(220)
    assert ingested(central_db, events[:100], NOW) == (100, 0)
    later = NOW + timedelta(days=3)
    assert ingested(central_db, events[:100], later) == (0, 100)  # another day: still known
    assert ingested(central_db, events[50:220], later) == (120, 50)  # partly known
    with central_db.sessions() as session:
        rows = {
            row.uuid: (row.local_date, row.claimed_date) for row in session.scalars(select(Event))
        }
    wrong_then = {*WRONG_DATES, "2025-12-31", "2026-11-03"}
    wrong_later = {*WRONG_DATES, "2025-12-31"}  # 2026-11-03 is before the later arrival
    for number, event in enumerate(events):
        arrival, wrong = (NOW.date(), wrong_then) if number < 100 else (later.date(), wrong_later)
        sent = date.fromisoformat(event["local_date"])
        expected = (arrival, sent) if event["local_date"] in wrong else (sent, None)
        assert rows[event["uuid"]] == expected, (number, event["local_date"])
    for query in QUERIES:
        figures_by_plan(central_db, query)
    with central_db.engine.begin() as connection:
        rollups.rebuild(connection)
    for query in QUERIES:
        figures_by_plan(central_db, query)


def event_table_0004() -> TableClause:
    """The events table as migrations 0001 to 0004 left it."""
    return table(
        "event",
        *(column(name) for name in EVENT_FIELDS if name not in ("uuid", "local_date")),
        column("uuid", UuidKey()),
        column("local_date", Date()),
        column("batch_id"),
        column("received_hour", DateTime()),
    )


def test_events_stored_before_the_upgrade_are_re_dated_and_seen(
    central_db: CentralDatabase,
) -> None:
    events = mixed_events(60)
    downgrade(central_db.engine, "0004")
    rows = [
        {
            **event,
            "local_date": date.fromisoformat(event["local_date"]),
            "batch_id": "b",
            "received_hour": NOW,
        }
        for event in events
    ]
    with central_db.engine.begin() as connection:
        connection.execute(insert(event_table_0004()), rows)
    upgrade(central_db.engine)
    with central_db.sessions() as session:
        stored = {row.uuid: row for row in session.scalars(select(Event))}
    redated = [event for event in events if stored[event["uuid"]].claimed_date is not None]
    assert {event["local_date"] for event in redated} == {
        *WRONG_DATES,
        "2025-12-31",
        "2026-11-03",
    }
    assert all(stored[event["uuid"]].local_date == NOW.date() for event in redated)
    for query in QUERIES:
        figures_by_plan(central_db, query)
    # Sent again after the upgrade, they are the same events.
    assert ingested(central_db, events, NOW + timedelta(days=30)) == (0, 60)

    downgrade(central_db.engine, "0004")
    old_table = event_table_0004()
    with central_db.engine.connect() as connection:
        dates = dict(connection.execute(select(old_table.c.uuid, old_table.c.local_date)).all())
    assert dates == {event["uuid"]: date.fromisoformat(event["local_date"]) for event in events}
    upgrade(central_db.engine)


def test_which_dates_a_right_clock_can_give() -> None:
    arrival = date(2026, 11, 1)
    assert clock.plausible_days(arrival) == (date(2026, 1, 1), date(2026, 11, 2))
    days = [date(2026, 1, 1), date(2026, 11, 2), date(2026, 6, 30)]
    assert clock.claimed_dates(days, arrival) is None
    wrong = [date(1970, 1, 1), date(2025, 12, 31), date(2026, 11, 3), date(9999, 12, 31)]
    assert clock.claimed_dates([*days, *wrong], arrival) == [None, None, None, *wrong]


def test_re_dated_parts_are_suppressed_like_the_figures_they_belong_to() -> None:
    def shown(counts: list[Count]) -> list[str]:
        return [count.shown for count in counts]

    query = StatsQuery(period="month", start=date(2026, 11, 1), group_by=("language", "channel"))
    sums = {
        (("es",), ("kiosk",)): 40,
        (("es",), ("outreach",)): 30,
        (("en",), ("kiosk",)): 25,
        (("en",), ("outreach",)): 9,
        (("pa",), ("kiosk",)): 3,
    }
    redated = {(("es",), ("kiosk",)): 12, (("en",), ("outreach",)): 5, (("pa",), ("kiosk",)): 1}
    published = stats.table(query, sums, redated)
    # pa's 3 is small and en's 34 is hidden so that the totals do not give the 3 away: a part
    # of a hidden figure is hidden, a part of a small one is small, and the total's part would
    # give them away (18 less 12), so it is hidden too.
    assert shown(published.row_totals) == ["x", "70", "<5"]
    assert shown(published.row_redated) == ["x", "12", "<5"]
    assert (published.total.shown, published.redated.shown) == ("107", "x")
    raw = stats.table(query.model_copy(update={"raw": True}), sums, redated)
    assert shown(raw.row_redated) == ["5", "12", "1"] and raw.redated.value == 18

    by_language = StatsQuery(period="month", start=date(2026, 11, 1), group_by=("language",))
    sums = {(("en",), ()): 34, (("es",), ()): 70, (("th",), ()): 12}
    published = stats.table(by_language, sums, {(("es",), ()): 12, (("th",), ()): 6})
    assert shown(published.row_totals) == ["34", "70", "12"]
    assert shown(published.row_redated) == ["0", "12", "6"]
    assert published.redated.shown == "18"
    published = stats.table(by_language, sums, {(("en",), ()): 2, (("es",), ()): 12})
    assert shown(published.row_redated) == ["<5", "12", "0"]  # small, of a figure shown
    assert published.redated.shown == "x"
    # th's 12 less its 9 re-dated would give away 3 counted on their own day: hidden
    published = stats.table(by_language, sums, {(("es",), ()): 12, (("th",), ()): 9})
    assert shown(published.row_redated) == ["0", "12", "x"]
    assert published.redated.shown == "x"
    published = stats.table(by_language, {(("es",), ()): 70}, {(("es",), ()): 67})
    assert shown(published.row_redated) == ["x"] and published.redated.shown == "x"
    without = stats.table(by_language, sums)
    assert without.redated.shown == "0" and shown(without.row_redated) == ["0", "0", "0"]


def test_exports_say_how_much_of_the_total_was_re_dated() -> None:
    query = StatsQuery(period="month", start=date(2026, 11, 1), group_by=("language",))
    sums = {(("en",), ()): 34, (("es",), ()): 70}
    english = Labels("en")
    notes = [
        text for _heading, text in about(stats.table(query, sums, {(("es",), ()): 12}), english)
    ]
    assert (
        "Of the total, 12 was counted on the day it reached the central server: the clock of "
        "the device that counted it was wrong (a date before 2026 or in the future)."
    ) in notes
    small = stats.table(query, sums, {(("es",), ()): 3})
    assert english.redated(small) is not None and "Of the total, <5 was" in english.redated(small)
    spanish = Labels("es").redated(stats.table(query, sums, {(("es",), ()): 12}))
    assert spanish is not None and spanish.startswith("Del total, 12 se contó")
    assert english.redated(stats.table(query, sums)) is None
    notes = [text for _heading, text in about(stats.table(query, sums), english)]
    assert not [text for text in notes if "central server" in text]


def test_the_funder_report_says_how_much_was_re_dated(tmp_path: Path) -> None:
    """A funder reading the report learns that part of the total was dated on arrival."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("needs pdftotext from Debian's poppler-utils")
    channels = {(("kiosk",), ()): 81, (("outreach",), ()): 33}

    def report_text(redated: dict[tuple[tuple[str, ...], tuple[str, ...]], int]) -> str:
        tables = {
            name: (
                stats.table(query, channels, redated)
                if name == "channels"
                else stats.table(query, {})
            )
            for name, query in report_queries(date(2026, 7, 1)).items()
        }
        path = tmp_path / "report.pdf"
        path.write_bytes(build_report(tables, "en", made=date(2026, 10, 2)))
        text = subprocess.run(
            [pdftotext, str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        return " ".join(text.split())

    assert "Of the total, 12 was counted on the day it reached the central server" in (
        report_text({(("kiosk",), ()): 12})
    )
    assert "reached the central server" not in report_text({})
