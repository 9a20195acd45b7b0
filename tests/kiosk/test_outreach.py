"""Outreach sessions: recorded as outreach events, correctable until synced, then locked."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.errors import InvalidEventError, SessionLockedError
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.outreach import OutreachLog, SessionForm
from kiosk.storage.database import Database, open_database

PACIFIC = timezone(timedelta(hours=-8))
FORM = SessionForm(
    session_date=date(2026, 11, 18),
    region="thompson-okanagan",
    sector="agriculture",
    stream="sawp",
    workers_reached=14,
    cards_given=12,
    brochures_given=6,
    languages=("es", "mam"),
    topics=("rights-at-work", "report-safely"),
)


def test_languages_and_topics_are_sets() -> None:
    assert FORM.topics == ("report-safely", "rights-at-work")
    assert replace(FORM, languages=("mam", "es", "es")) == FORM


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def reach(database: Database) -> Iterator[ReachLog]:
    log = ReachLog(
        database,
        ReachContext("farm-visits", "dev-laptop", "2026.11.0"),
        clock=lambda: datetime(2026, 11, 21, 17, 5, tzinfo=PACIFIC),
    )
    yield log
    log.close()


@pytest.fixture
def outreach(reach: ReachLog) -> OutreachLog:
    return OutreachLog(reach)


def events(database: Database) -> list[tuple[object, ...]]:
    with sqlite3.connect(database.path) as connection:
        return connection.execute(
            "SELECT kind, quantity, language, topic, channel, assisted, region, sector, stream,"
            " local_date, hour_bucket FROM reach_event ORDER BY seq"
        ).fetchall()


def seqs(database: Database) -> list[int]:
    with sqlite3.connect(database.path) as connection:
        return [row[0] for row in connection.execute("SELECT seq FROM reach_event ORDER BY seq")]


def test_recording_a_session_counts_it_as_outreach_events(
    outreach: OutreachLog, database: Database
) -> None:
    session_id = outreach.record(FORM).result()
    codes = ("outreach", 1, "thompson-okanagan", "agriculture", "sawp", "2026-11-18", 17)
    assert events(database) == [
        ("outreach_session", 14, None, None, *codes),
        ("language_selected", 1, "es", None, *codes),
        ("language_selected", 1, "mam", None, *codes),
        ("topic_viewed", 1, None, "report-safely", *codes),
        ("topic_viewed", 1, None, "rights-at-work", *codes),
        ("card_printed", 12, None, None, *codes),
        ("brochure_given", 6, None, None, *codes),
    ]
    stored = outreach.get(session_id)
    assert (stored.status, stored.locked, stored.synced, stored.editable) == (
        "recorded",
        False,
        False,
        True,
    )
    assert stored.form == FORM


def test_nothing_handed_out_gives_no_card_or_brochure_event(
    outreach: OutreachLog, database: Database
) -> None:
    outreach.record(replace(FORM, cards_given=0, brochures_given=0, topics=())).result()
    assert [row[0] for row in events(database)] == [
        "outreach_session",
        "language_selected",
        "language_selected",
    ]


def test_a_draft_counts_nothing_until_recorded(outreach: OutreachLog, database: Database) -> None:
    draft = replace(FORM, workers_reached=0, languages=())
    session_id = outreach.save_draft(draft).result()
    assert events(database) == []
    assert outreach.get(session_id).status == "draft"
    assert outreach.record(FORM, session_id).result() == session_id
    assert len(events(database)) == 7
    assert outreach.get(session_id).form == FORM


def test_correcting_a_session_replaces_its_events(
    outreach: OutreachLog, reach: ReachLog, database: Database
) -> None:
    reach.record("visit")  # a kiosk event, untouched by the correction
    session_id = outreach.record(FORM).result()
    before = seqs(database)
    corrected = replace(FORM, workers_reached=15, languages=("es",), cards_given=0)
    outreach.record(corrected, session_id).result()
    rows = events(database)
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("visit", 1, None),
        ("outreach_session", 15, None),
        ("language_selected", 1, "es"),
        ("topic_viewed", 1, None),
        ("topic_viewed", 1, None),
        ("brochure_given", 6, None),
    ]
    after = seqs(database)
    assert after[0] == 1
    assert min(after[1:]) > max(before)  # numbers of the replaced events are never reused
    assert outreach.get(session_id).form == corrected


def test_voiding_removes_the_counts_and_ends_the_session(
    outreach: OutreachLog, database: Database
) -> None:
    session_id = outreach.record(FORM).result()
    outreach.void(session_id).result()
    assert events(database) == []
    assert outreach.get(session_id).status == "void"
    assert not outreach.get(session_id).editable
    with pytest.raises(SessionLockedError, match="voided"):
        outreach.record(FORM, session_id).result()


def test_a_session_locks_once_its_events_are_handed_to_sync(
    outreach: OutreachLog, reach: ReachLog, database: Database
) -> None:
    session_id = outreach.record(FORM).result()
    assert outreach.get(session_id).editable  # the screen offers "edit"...
    batch = reach.unsynced_batch(limit=2)  # ...and meanwhile the sync client takes a batch
    with pytest.raises(SessionLockedError, match="synced"):
        outreach.record(replace(FORM, workers_reached=99), session_id).result()
    with pytest.raises(SessionLockedError):
        outreach.void(session_id).result()
    assert len(events(database)) == 7
    assert events(database)[0][1] == 14  # unchanged
    state = outreach.get(session_id)
    assert (state.locked, state.synced, state.editable) == (True, False, False)

    reach.mark_synced("b-1", [event["uuid"] for event in batch])
    rest = reach.unsynced_batch(limit=100)
    reach.mark_synced("b-2", [event["uuid"] for event in rest])
    assert outreach.get(session_id).synced


def test_a_session_recorded_after_a_hand_out_stays_editable(
    outreach: OutreachLog, reach: ReachLog, database: Database
) -> None:
    handed = outreach.record(FORM).result()
    assert len(reach.unsynced_batch(limit=100)) == 7  # the whole backlog is with the sync client
    later = outreach.record(FORM).result()
    assert (outreach.get(handed).editable, outreach.get(later).editable) == (False, True)
    outreach.record(replace(FORM, workers_reached=3), later).result()
    assert outreach.get(later).form.workers_reached == 3
    assert len(events(database)) == 14
    with pytest.raises(SessionLockedError):
        outreach.void(handed).result()


@pytest.mark.parametrize(
    "change",
    [
        {"region": "Okanagan, Smith Farms"},
        {"sector": "farm"},
        {"stream": "tfw"},
        {"languages": ("Spanish (Maria)",)},
        {"topics": ("talked to José about his boss",)},
        {"workers_reached": -1},
        {"workers_reached": 1001},
        {"cards_given": 5001},
        {"workers_reached": 0},
        {"languages": ()},
    ],
)
def test_a_bad_form_is_refused_before_anything_is_stored(
    outreach: OutreachLog, database: Database, change: dict[str, object]
) -> None:
    with pytest.raises(InvalidEventError):
        outreach.record(replace(FORM, **change))  # type: ignore[arg-type]
    assert events(database) == []
    assert outreach.sessions() == []


def test_duplicate_codes_are_counted_once(outreach: OutreachLog, database: Database) -> None:
    outreach.record(replace(FORM, languages=("es", "es"), topics=("report-safely",) * 3)).result()
    assert [row[0] for row in events(database)].count("language_selected") == 1
    assert [row[0] for row in events(database)].count("topic_viewed") == 1


def test_sessions_are_listed_newest_first(outreach: OutreachLog) -> None:
    older = outreach.record(replace(FORM, session_date=date(2026, 11, 2))).result()
    newer = outreach.save_draft(replace(FORM, session_date=date(2026, 11, 20))).result()
    voided = outreach.record(FORM).result()
    outreach.void(voided).result()
    listed = outreach.sessions()
    assert [(s.id, s.status) for s in listed] == [
        (newer, "draft"),
        (voided, "void"),
        (older, "recorded"),
    ]
