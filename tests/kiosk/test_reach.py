"""The reach log: durable anonymous rows, and a refusal of anything that could identify someone."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.errors import InvalidEventError
from kiosk.reach import ReachContext, ReachLog
from kiosk.storage import Database, open_database

PACIFIC = timezone(timedelta(hours=-8))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def reach(database: Database) -> Iterator[ReachLog]:
    log = ReachLog(
        database,
        ReachContext(site="yvr", device="dev-test", content_version="2026.11.0"),
        clock=lambda: datetime(2026, 11, 21, 14, 37, 12, tzinfo=PACIFIC),
    )
    yield log
    log.close()


def rows(database: Database) -> list[sqlite3.Row]:
    with sqlite3.connect(database.path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM reach_event ORDER BY id").fetchall()


def test_record_is_on_disk_when_it_returns(reach: ReachLog, database: Database) -> None:
    event_uuid = reach.record("topic_viewed", language="es", topic="rights-at-work")
    [row] = rows(database)  # a separate sqlite3 connection: it is committed
    assert row["uuid"] == event_uuid
    assert (row["site"], row["device"], row["channel"]) == ("yvr", "dev-test", "kiosk")
    assert (row["kind"], row["language"], row["topic"]) == ("topic_viewed", "es", "rights-at-work")
    assert (row["local_date"], row["hour_bucket"]) == ("2026-11-21", 14)
    assert row["content_version"] == "2026.11.0"
    assert row["synced_batch"] is None


def test_rows_hold_no_precise_time(reach: ReachLog, database: Database) -> None:
    reach.record("visit")
    [row] = rows(database)
    values = [str(value) for value in dict(row).values()]
    assert not any("14:37" in value or "37:12" in value for value in values)


def test_submitted_events_are_all_written_by_close(database: Database) -> None:
    log = ReachLog(database, ReachContext("yvr", "dev-test"))
    futures = [log.submit("visit") for _ in range(200)]
    log.close()
    assert all(future.done() for future in futures)
    assert len(rows(database)) == 200
    assert len({row["uuid"] for row in rows(database)}) == 200


def test_count_sums_quantities(reach: ReachLog) -> None:
    reach.record("card_printed", language="pa", quantity=3)
    reach.record("visit")
    assert reach.count("card_printed") == 3
    assert reach.count() == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "Maria Santos"),
        ("language", "604-555-0199"),
        ("topic", "call me at 604 555 0199"),
        ("topic", "Juan"),
        ("kind", "name_entered"),
        ("channel", "phone"),
        ("quantity", 0),
    ],
)
def test_anything_but_codes_is_refused(reach: ReachLog, database: Database, field, value) -> None:  # type: ignore[no-untyped-def]
    fields = {"kind": "topic_viewed", "language": "es", "topic": "rights-at-work", field: value}
    kind = fields.pop("kind")
    with pytest.raises(InvalidEventError):
        reach.record(kind, **fields)  # type: ignore[arg-type]
    assert rows(database) == []


def test_script_language_codes_are_accepted(reach: ReachLog) -> None:
    reach.record("language_selected", language="zh-Hant")
    assert reach.count("language_selected") == 1
