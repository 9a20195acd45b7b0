"""The outbox loop against a real SQLite outbox and a real central: exactly-once counts."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests
from central_process import CentralProcess
from fleet import Enrolled, enrol, make_event, make_events, new_code, stored_count, stored_uuids
from local_outbox import SqliteOutbox

from sync.central.admin import add_site
from sync.central.db.database import CentralDatabase
from sync.client import CentralClient
from sync.errors import AuthRefusedError, RequestRefusedError
from sync.outbox import push_outbox


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[SqliteOutbox]:
    opened = SqliteOutbox(tmp_path / "outbox.sqlite3")
    yield opened
    opened.close()


def test_a_backlog_is_pushed_once_and_marked(
    central: CentralProcess, db: CentralDatabase, outbox: SqliteOutbox
) -> None:
    device = enrol(central.url, db)
    outbox.add(make_events(device, 4_500))
    with CentralClient(central.url, device.token) as client:
        report = push_outbox(outbox, client, batch_size=1_000)
        assert (report.batches, report.accepted, report.duplicates) == (5, 4_500, 0)
        assert report.backlog == 0
        assert push_outbox(outbox, client).batches == 0  # nothing left to send
    assert sorted(stored_uuids(db, device.device)) == sorted(outbox.all_uuids())


class CrashesAfterTheAnswer(SqliteOutbox):
    """The device dies after the central answered but before the rows were marked."""

    crashes = 1

    def mark_synced(self, batch_id: str, uuids: Sequence[str]) -> None:
        if self.crashes:
            self.crashes -= 1
            raise KeyboardInterrupt("power cut")
        super().mark_synced(batch_id, uuids)


def test_a_crash_before_marking_resends_and_counts_once(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    device = enrol(central.url, db)
    outbox = CrashesAfterTheAnswer(tmp_path / "outbox.sqlite3")
    outbox.add(make_events(device, 300))
    with CentralClient(central.url, device.token) as client:
        with pytest.raises(KeyboardInterrupt):
            push_outbox(outbox, client, batch_size=100)
        assert outbox.backlog() == 300
        report = push_outbox(outbox, client, batch_size=100)
    outbox.close()
    # Stored but never marked: the first batch, and the second one already in flight when the
    # device died. Sent again, they count as duplicates.
    assert (report.accepted, report.duplicates, report.backlog) == (100, 200, 0)
    assert stored_count(db, device.device) == 300


def long_named_device(central: CentralProcess, db: CentralDatabase) -> Enrolled:
    """A device and site with the longest ids the protocol allows: the biggest events there are."""
    site = ("s" + uuid.uuid4().hex * 2)[:64]
    add_site(db, site, "Long")
    device = ("d" + uuid.uuid4().hex * 2)[:64]
    answer = requests.post(
        f"{central.url}/api/v1/enrol",
        json={"code": new_code(db, site), "device": device},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return Enrolled(device=device, site=site, token=answer.json()["token"])


def test_batches_over_the_byte_limit_are_split(
    central: CentralProcess, db: CentralDatabase, outbox: SqliteOutbox
) -> None:
    device = long_named_device(central, db)
    topic = "t" * 64
    outbox.add(
        [
            make_event(device.device, device.site, seq, topic=topic, content_version="v" * 32)
            for seq in range(1, 5_001)
        ]
    )
    with CentralClient(central.url, device.token) as client:
        report = push_outbox(outbox, client, batch_size=5_000)
    assert (report.accepted, report.backlog) == (5_000, 0)
    assert report.batches >= 2
    assert stored_count(db, device.device) == 5_000


def test_a_refusal_stops_the_loop_and_marks_nothing(
    central: CentralProcess, db: CentralDatabase, outbox: SqliteOutbox
) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 10)
    with CentralClient(central.url, device.token) as client:
        client.push_batch(events[:1], "5f0c7a52-4f45-4b7e-9a53-1d3d3b0b7a10")
        outbox.add([{**events[0], "quantity": 2}, *events[1:]])  # the first one changed later
        with pytest.raises(RequestRefusedError) as refused:
            push_outbox(outbox, client, batch_size=5)
        assert refused.value.uuids == [events[0]["uuid"]]
        assert outbox.backlog() == 10
    stranger = CentralClient(central.url, "okt_not-a-token")
    with stranger, pytest.raises(AuthRefusedError):
        push_outbox(outbox, stranger)
    assert not reader_threads()
    assert outbox.backlog() == 10
    assert stored_count(db, device.device) == 1


class CountsReads(SqliteOutbox):
    """Counts the outbox's reads, and logs more events once the first batch is marked."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.limits: list[int] = []
        self.later: list[dict[str, Any]] = []

    def unsynced_batch(self, limit: int, after: int = 0) -> list[dict[str, Any]]:
        self.limits.append(limit)
        return super().unsynced_batch(limit, after)

    def mark_synced(self, batch_id: str, uuids: Sequence[str]) -> None:
        super().mark_synced(batch_id, uuids)
        if self.later:
            self.add(self.later)
            self.later = []


def test_the_outbox_is_read_several_batches_at_a_time(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    device = enrol(central.url, db)
    outbox = CountsReads(tmp_path / "outbox.sqlite3")
    outbox.add(make_events(device, 10_000))
    outbox.later = make_events(device, 500, first_seq=10_001)  # logged while the push runs
    with CentralClient(central.url, device.token) as client:
        report = push_outbox(outbox, client, batch_size=1_000)
    outbox.close()
    assert (report.accepted, report.duplicates, report.backlog) == (10_500, 0, 0)
    assert report.batches == 11
    # One batch first, so the first request leaves at once; then 4 batches a read (a read per
    # batch before), and one more read finds nothing left.
    assert outbox.limits[0] == 1_000
    assert set(outbox.limits[1:]) == {4_000}
    assert len(outbox.limits) <= 5
    assert stored_count(db, device.device) == 10_500


class FailsOnTheSecondRead(SqliteOutbox):
    """The device's database fails while the push is under way (a full disk, a broken file)."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.reads = 0

    def unsynced_batch(self, limit: int, after: int = 0) -> list[dict[str, Any]]:
        self.reads += 1
        if self.reads == 2:
            raise OSError("disk I/O error")
        return super().unsynced_batch(limit, after)


def reader_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "sync-read"]


def test_a_failed_read_stops_the_push_after_the_batches_read_before(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    device = enrol(central.url, db)
    outbox = FailsOnTheSecondRead(tmp_path / "outbox.sqlite3")
    outbox.add(make_events(device, 6_000))
    with CentralClient(central.url, device.token) as client:
        with pytest.raises(OSError, match="disk I/O"):
            push_outbox(outbox, client, batch_size=1_000)  # reads one batch, then fails
        assert not reader_threads()
        # The batch of the first read went; it may be unmarked (its answer was not awaited),
        # and then goes again as a duplicate.
        assert stored_count(db, device.device) == 1_000
        left = outbox.backlog()
        assert left in (5_000, 6_000)
        report = push_outbox(outbox, client, batch_size=1_000)
    outbox.close()
    assert (report.accepted, report.duplicates, report.backlog) == (5_000, left - 5_000, 0)
    assert stored_count(db, device.device) == 6_000
