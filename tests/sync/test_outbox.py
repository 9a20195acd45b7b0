"""The outbox loop against the kiosk's real reach log and a real central: exactly-once counts."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from typing import Any

import pytest
import requests
from central_process import CentralProcess
from device_log import OpenLog, log_events, logged_uuids
from fleet import Enrolled, enrol, new_code, stored_count, stored_uuids

from kiosk.reach.log import ReachLog
from sync.central.admin import add_site
from sync.central.db.database import CentralDatabase
from sync.client import CentralClient
from sync.errors import AuthRefusedError, RequestRefusedError
from sync.outbox import push_outbox


def test_a_backlog_is_pushed_once_and_marked(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device)
    log_events(outbox, 4_500)
    with CentralClient(central.url, device.token) as client:
        report = push_outbox(outbox, client, batch_size=1_000)
        assert (report.batches, report.accepted, report.duplicates) == (5, 4_500, 0)
        assert report.backlog == 0
        assert push_outbox(outbox, client).batches == 0  # nothing left to send
    assert sorted(stored_uuids(db, device.device)) == sorted(logged_uuids(outbox))


class CrashesAfterTheAnswer(ReachLog):
    """The device dies after the central answered but before the rows were marked."""

    crashes = 1

    def mark_synced(self, batch_id: str, uuids: Iterable[str]) -> int:
        if self.crashes:
            self.crashes -= 1
            raise KeyboardInterrupt("power cut")
        return super().mark_synced(batch_id, uuids)


def test_a_crash_before_marking_resends_and_counts_once(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device, CrashesAfterTheAnswer)
    log_events(outbox, 300)
    with CentralClient(central.url, device.token) as client:
        with pytest.raises(KeyboardInterrupt):
            push_outbox(outbox, client, batch_size=100)
        assert outbox.backlog() == 300
        report = push_outbox(outbox, client, batch_size=100)
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
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = long_named_device(central, db)
    outbox = reach_logs(device)
    outbox.use_content_version("v" * 32)
    last = None
    for _ in range(5_000):
        last = outbox.submit("topic_viewed", language="zh-Hans", topic="t" * 64)
    assert last is not None
    last.result(timeout=60)
    with CentralClient(central.url, device.token) as client:
        report = push_outbox(outbox, client, batch_size=5_000)
    assert (report.accepted, report.backlog) == (5_000, 0)
    assert report.batches >= 2
    assert stored_count(db, device.device) == 5_000


def test_a_refusal_stops_the_loop_and_marks_nothing(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device)
    log_events(outbox, 10)
    first = outbox.unsynced_batch(limit=1)[0]
    with CentralClient(central.url, device.token) as client:
        # the central already holds the first event with other content
        client.push_batch([{**first, "quantity": 2}], "5f0c7a52-4f45-4b7e-9a53-1d3d3b0b7a10")
        with pytest.raises(RequestRefusedError) as refused:
            push_outbox(outbox, client, batch_size=5)
        assert refused.value.uuids == [first["uuid"]]
        assert outbox.backlog() == 10
    stranger = CentralClient(central.url, "okt_not-a-token")
    with stranger, pytest.raises(AuthRefusedError):
        push_outbox(outbox, stranger)
    assert not reader_threads()
    assert outbox.backlog() == 10
    assert stored_count(db, device.device) == 1


class CountsReads(ReachLog):
    """Counts the log's reads, and logs more events once the first batch is marked."""

    limits: list[int]
    later = 0

    def unsynced_batch(self, limit: int = 500, after: int = 0) -> list[dict[str, Any]]:
        self.limits.append(limit)
        return super().unsynced_batch(limit, after)

    def mark_synced(self, batch_id: str, uuids: Iterable[str]) -> int:
        marked = super().mark_synced(batch_id, uuids)
        if self.later:
            log_events(self, self.later)
            self.later = 0
        return marked


def test_the_outbox_is_read_several_batches_at_a_time(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device, CountsReads)
    assert isinstance(outbox, CountsReads)
    outbox.limits = []
    log_events(outbox, 10_000)
    outbox.later = 500  # logged while the push runs
    with CentralClient(central.url, device.token) as client:
        report = push_outbox(outbox, client, batch_size=1_000)
    assert (report.accepted, report.duplicates, report.backlog) == (10_500, 0, 0)
    assert report.batches == 11
    # One batch first, so the first request leaves at once; then 4 batches a read (a read per
    # batch before), and one more read finds nothing left.
    assert outbox.limits[0] == 1_000
    assert set(outbox.limits[1:]) == {4_000}
    assert len(outbox.limits) <= 5
    assert stored_count(db, device.device) == 10_500


class FailsOnTheSecondRead(ReachLog):
    """The device's database fails while the push is under way (a full disk, a broken file)."""

    reads = 0

    def unsynced_batch(self, limit: int = 500, after: int = 0) -> list[dict[str, Any]]:
        self.reads += 1
        if self.reads == 2:
            raise OSError("disk I/O error")
        return super().unsynced_batch(limit, after)


def reader_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "sync-read"]


def test_a_failed_read_stops_the_push_after_the_batches_read_before(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device, FailsOnTheSecondRead)
    log_events(outbox, 6_000)
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
    assert (report.accepted, report.duplicates, report.backlog) == (5_000, left - 5_000, 0)
    assert stored_count(db, device.device) == 6_000
