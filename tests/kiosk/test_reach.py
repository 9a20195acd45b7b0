"""The reach log: durable anonymous rows, and a refusal of anything that could identify someone."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.errors import InvalidEventError
from kiosk.reach.log import WIRE_FIELDS, ReachContext, ReachLog
from kiosk.storage.database import Database, open_database
from tests.kiosk.delete_guard import kept_events

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
        return connection.execute("SELECT * FROM reach_event ORDER BY seq").fetchall()


def test_record_is_on_disk_when_it_returns(reach: ReachLog, database: Database) -> None:
    event_uuid = reach.record("topic_viewed", language="es", topic="rights-at-work")
    [row] = rows(database)  # a separate sqlite3 connection: it is committed
    assert row["uuid"] == event_uuid
    assert row["seq"] == 1
    assert (row["site"], row["device"], row["channel"]) == ("yvr", "dev-test", "kiosk")
    assert (row["kind"], row["language"], row["topic"]) == ("topic_viewed", "es", "rights-at-work")
    assert (row["local_date"], row["hour_bucket"]) == ("2026-11-21", 14)
    assert row["content_version"] == "2026.11.0"
    assert (row["assisted"], row["region"], row["sector"], row["stream"]) == (0, None, None, None)
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
    written = rows(database)
    assert [future.result() for future in futures] == [row["uuid"] for row in written]
    assert [row["seq"] for row in written] == list(range(1, 201))


def test_count_sums_quantities(reach: ReachLog) -> None:
    reach.record("card_printed", language="pa", quantity=3)
    reach.record("visit")
    assert reach.count("card_printed") == 3
    assert reach.count() == 4


def test_outreach_codes_and_assisted_are_stored(reach: ReachLog, database: Database) -> None:
    reach.record(
        "outreach_session",
        channel="outreach",
        quantity=12,
        assisted=True,
        region="thompson-okanagan",
        sector="agriculture",
        stream="sawp",
    )
    [row] = rows(database)
    assert (row["channel"], row["quantity"], row["assisted"]) == ("outreach", 12, 1)
    assert (row["region"], row["sector"], row["stream"]) == (
        "thompson-okanagan",
        "agriculture",
        "sawp",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "Maria Santos"),
        ("language", "604-555-0199"),
        ("language", "es\n"),
        ("topic", "call me at 604 555 0199"),
        ("topic", "Juan"),
        ("kind", "name_entered"),
        ("channel", "phone"),
        ("quantity", 0),
        ("quantity", 10_001),
        ("quantity", 2.5),
        ("assisted", "yes"),
        ("region", "Okanagan farm of J. Smith"),
        ("sector", "farming"),
        ("stream", "tfw"),
        ("name", "Maria Santos"),  # a field events do not have: nowhere to put a person
    ],
)
def test_anything_but_codes_is_refused(reach: ReachLog, database: Database, field, value) -> None:  # type: ignore[no-untyped-def]
    fields = {"kind": "topic_viewed", "language": "es", "topic": "rights-at-work", field: value}
    kind = fields.pop("kind")
    with pytest.raises(InvalidEventError):
        reach.record(kind, **fields)  # type: ignore[arg-type]
    with pytest.raises(InvalidEventError):
        reach.submit(kind, **fields)  # type: ignore[arg-type]
    assert rows(database) == []


@pytest.mark.parametrize("site", ["Maria's farm", "yvr arrivals", "", "a" * 65])
def test_site_must_be_a_code(site: str) -> None:
    with pytest.raises(InvalidEventError, match="site"):
        ReachContext(site=site, device="dev-test")


def test_script_language_codes_are_accepted(reach: ReachLog) -> None:
    reach.record("language_selected", language="zh-Hant")
    assert reach.count("language_selected") == 1


def test_sequence_continues_after_reopening(tmp_path: Path) -> None:
    for _round in range(3):
        database = open_database(tmp_path)
        log = ReachLog(database, ReachContext("yvr", "dev-test"))
        for _ in range(5):
            log.record("visit")
        log.close()
        database.close()
    database = open_database(tmp_path)
    assert [row["seq"] for row in rows(database)] == list(range(1, 16))
    database.close()


def test_two_writers_on_one_file_never_share_a_number(tmp_path: Path) -> None:
    """E.g. `outreach-kiosk simulate` run beside a kiosk: two processes, one counter."""
    first, second = open_database(tmp_path), open_database(tmp_path)
    logs = [ReachLog(db, ReachContext("yvr", "dev-test")) for db in (first, second)]

    def write(log: ReachLog) -> None:
        for _ in range(300):
            log.submit("visit")
        log.record("visit")

    threads = [threading.Thread(target=write, args=(log,)) for log in logs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for log in logs:
        log.close()
    assert sorted(row["seq"] for row in rows(first)) == list(range(1, 603))
    first.close()
    second.close()


def test_unsynced_batch_is_the_wire_shape_oldest_first(reach: ReachLog) -> None:
    uuids = [reach.record("visit") for _ in range(5)]
    reach.record("topic_viewed", language="es", topic="rights-at-work", assisted=True)
    batch = reach.unsynced_batch(limit=4)
    assert [event["uuid"] for event in batch] == uuids[:4]
    assert [event["seq"] for event in batch] == [1, 2, 3, 4]
    assert all(tuple(event) == WIRE_FIELDS for event in batch)
    last = reach.unsynced_batch(limit=100)[-1]
    assert last == {
        "uuid": last["uuid"],
        "seq": 6,
        "site": "yvr",
        "device": "dev-test",
        "channel": "kiosk",
        "kind": "topic_viewed",
        "language": "es",
        "topic": "rights-at-work",
        "quantity": 1,
        "assisted": True,
        "local_date": "2026-11-21",
        "hour_bucket": 14,
        "content_version": "2026.11.0",
        "region": None,
        "sector": None,
        "stream": None,
    }


def test_a_batch_handed_out_twice_is_the_same_until_acknowledged(
    reach: ReachLog, database: Database
) -> None:
    for _ in range(3):
        reach.record("visit")
    first = reach.unsynced_batch(limit=10)
    assert reach.unsynced_batch(limit=10) == first  # a failed push is retried as it was
    assert kept_events(database.path) == [True, True, True]
    assert reach.backlog() == 3


def test_unsynced_batch_after_a_sequence_number(reach: ReachLog, database: Database) -> None:
    uuids = [reach.record("visit") for _ in range(6)]
    reach.mark_synced("b-1", uuids[3:4])
    later = reach.unsynced_batch(limit=2, after=2)
    assert [event["seq"] for event in later] == [3, 5]  # 4 is synced
    # Read ahead of anything handed out: only what was read (and 4, synced) is kept.
    assert kept_events(database.path) == [False, False, True, True, True, False]
    assert [event["seq"] for event in reach.unsynced_batch(limit=10, after=5)] == [6]
    assert reach.unsynced_batch(limit=10, after=6) == []
    assert [event["seq"] for event in reach.unsynced_batch(limit=10)] == [1, 2, 3, 5, 6]
    assert kept_events(database.path) == [True] * 6


def test_a_push_reading_in_steps_hands_out_exactly_what_it_read(
    reach: ReachLog, database: Database
) -> None:
    for _ in range(7):
        reach.record("visit")
    assert kept_events(database.path) == [False] * 7
    first = reach.unsynced_batch(limit=2)
    second = reach.unsynced_batch(limit=3, after=first[-1]["seq"])
    assert [event["seq"] for event in first + second] == [1, 2, 3, 4, 5]
    assert kept_events(database.path) == [True] * 5 + [False] * 2
    reach.record("visit")  # logged after the read: not handed out
    assert kept_events(database.path) == [True] * 5 + [False] * 3
    assert reach.unsynced_batch(limit=10, after=5)[0]["seq"] == 6
    assert kept_events(database.path) == [True] * 8


def test_mark_synced_is_durable_and_idempotent(reach: ReachLog, database: Database) -> None:
    uuids = [reach.record("visit") for _ in range(4)]
    batch = reach.unsynced_batch(limit=2)
    assert reach.mark_synced("b-1", [event["uuid"] for event in batch]) == 2
    assert [row["synced_batch"] for row in rows(database)] == ["b-1", "b-1", None, None]
    assert reach.backlog() == 2
    # a replayed acknowledgement, or one under another batch id, changes nothing
    assert reach.mark_synced("b-1", uuids[:2]) == 0
    assert reach.mark_synced("b-2", uuids[:2]) == 0
    assert [row["synced_batch"] for row in rows(database)] == ["b-1", "b-1", None, None]
    assert [event["uuid"] for event in reach.unsynced_batch()] == uuids[2:]


def test_mark_synced_takes_many_uuids(reach: ReachLog) -> None:
    futures = [reach.submit("visit") for _ in range(1200)]
    uuids = [future.result() for future in futures]
    assert len(reach.unsynced_batch(limit=2000)) == 1200
    assert reach.mark_synced("big", uuids) == 1200
    assert reach.backlog() == 0


def synced_batches(database: Database) -> list[str | None]:
    return [row["synced_batch"] for row in rows(database)]


def test_mark_synced_marks_only_the_batch_around_an_event_left_out(
    reach: ReachLog, database: Database
) -> None:
    """A batch with a hole: the event in the hole is not the batch's, whatever the range says."""
    uuids = [reach.record("visit") for _ in range(6)]
    batch = uuids[1:3] + uuids[4:]
    assert reach.mark_synced("b-1", batch) == 4
    assert synced_batches(database) == [None, "b-1", "b-1", None, "b-1", "b-1"]
    assert reach.backlog() == 2


@pytest.mark.parametrize("order", ["consecutive", "reversed", "shuffled"])
def test_mark_synced_in_any_order_marks_the_batch(
    reach: ReachLog, database: Database, order: str
) -> None:
    uuids = [reach.record("visit") for _ in range(8)]
    batch = uuids[2:7]
    if order == "reversed":
        batch.reverse()
    elif order == "shuffled":
        batch = [batch[index] for index in (3, 0, 4, 1, 2)]
    assert reach.mark_synced("b-1", batch) == 5
    assert synced_batches(database) == [None, None, *["b-1"] * 5, None]
    assert reach.backlog() == 3


def test_mark_synced_over_events_synced_before_keeps_their_batch(
    reach: ReachLog, database: Database
) -> None:
    uuids = [reach.record("visit") for _ in range(6)]
    assert reach.mark_synced("b-1", [uuids[0], uuids[2], uuids[5]]) == 3
    assert reach.mark_synced("b-2", uuids) == 3
    assert synced_batches(database) == ["b-1", "b-2", "b-1", "b-2", "b-2", "b-1"]
    assert reach.mark_synced("b-3", [*uuids, "not-a-known-uuid"]) == 0
    assert reach.backlog() == 0


@pytest.mark.parametrize("batch_id", ["", "batch one", "x" * 65])
def test_batch_id_must_be_a_code(reach: ReachLog, batch_id: str) -> None:
    with pytest.raises(InvalidEventError):
        reach.mark_synced(batch_id, [])


def test_events_are_append_only_in_the_file_itself(reach: ReachLog, database: Database) -> None:
    """Even SQL run by hand cannot rewrite a count, or drop one that may be counted centrally."""
    first, second = reach.record("visit"), reach.record("visit")
    reach.unsynced_batch(limit=1)
    with sqlite3.connect(database.path) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE reach_event SET quantity = 5 WHERE uuid = ?", (second,))
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            connection.execute("DELETE FROM reach_event WHERE uuid = ?", (first,))
        connection.execute("UPDATE reach_event SET handed_out = 1 WHERE uuid = ?", (first,))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # the flag stays set
            connection.execute("UPDATE reach_event SET handed_out = 0 WHERE uuid = ?", (first,))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # mixed with sync state
            connection.execute(
                "UPDATE reach_event SET handed_out = 1, kind = 'qr_shown' WHERE uuid = ?", (second,)
            )
    reach.mark_synced("b-1", [first])
    with sqlite3.connect(database.path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE reach_event SET synced_batch = 'b-2' WHERE uuid = ?", (first,))
    assert [row["quantity"] for row in rows(database)] == [1, 1]


def test_closed_log_refuses_new_events(database: Database) -> None:
    from kiosk.errors import StorageError

    log = ReachLog(database, ReachContext("yvr", "dev-test"))
    log.close()
    with pytest.raises(StorageError, match="closed"):
        log.submit("visit")
