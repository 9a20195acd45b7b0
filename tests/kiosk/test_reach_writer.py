"""The single writer: group commits, one bad row isolated, work in order, errors named plainly."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.errors import DiskFullError, ReadOnlyStorageError, StorageError
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.writer import storage_error
from kiosk.storage.database import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path)
    yield opened
    opened.close()


def stored_uuids(database: Database) -> list[str]:
    with sqlite3.connect(database.path) as connection:
        return [row[0] for row in connection.execute("SELECT uuid FROM reach_event ORDER BY seq")]


def test_a_queue_is_written_in_groups_in_order(database: Database) -> None:
    log = ReachLog(database, ReachContext("yvr", "dev-test"))
    release = threading.Event()
    blocker = log.transaction(lambda _session: release.wait(10))
    futures = [log.submit("visit") for _ in range(2500)]
    release.set()
    assert blocker.result(timeout=10)
    uuids = [future.result(timeout=30) for future in futures]
    log.close()
    assert stored_uuids(database) == uuids


def test_one_bad_row_does_not_take_its_group_down(database: Database) -> None:
    log = ReachLog(database, ReachContext("yvr", "dev-test"))
    existing = log.build("visit")
    log._writer.append(existing).result()
    release = threading.Event()
    log.transaction(lambda _session: release.wait(10))
    good_before = [log.submit("visit") for _ in range(3)]
    duplicate = log._writer.append(dict(existing))  # same uuid: the file refuses it
    good_after = [log.submit("visit") for _ in range(3)]
    release.set()
    with pytest.raises(StorageError):
        duplicate.result(timeout=10)
    written = [future.result(timeout=10) for future in good_before + good_after]
    log.close()
    assert stored_uuids(database) == [existing["uuid"], *written]


def test_work_runs_after_the_events_queued_before_it(database: Database) -> None:
    log = ReachLog(database, ReachContext("yvr", "dev-test"))
    for _ in range(50):
        log.submit("visit")
    seen = log.transaction(
        lambda session: (
            session.connection().exec_driver_sql("SELECT count(*) FROM reach_event").scalar()
        )
    )
    assert seen.result(timeout=10) == 50
    log.close()


def test_failed_work_rolls_back_and_reaches_the_caller(database: Database) -> None:
    log = ReachLog(database, ReachContext("yvr", "dev-test"))

    def half_done(session) -> None:  # type: ignore[no-untyped-def]
        from kiosk.reach.log import insert_events

        insert_events(session.connection(), [log.build("visit")])
        raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError, match="changed my mind"):
        log.transaction(half_done).result(timeout=10)
    log.record("visit")
    log.close()
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("SELECT seq FROM reach_event").fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (sqlite3.SQLITE_FULL, DiskFullError, "full"),
        (sqlite3.SQLITE_READONLY, ReadOnlyStorageError, "read-only"),
        (sqlite3.SQLITE_IOERR | (3 << 8), StorageError, "disk could not be written"),
    ],
)
def test_storage_errors_say_what_happened(code: int, kind: type[StorageError], words: str) -> None:
    cause = sqlite3.OperationalError("raw message")
    cause.sqlite_errorcode = code  # type: ignore[attr-defined]
    error = storage_error(cause)
    assert type(error) is kind
    assert words in str(error)


def test_receipts_call_back_once_and_time_out_while_pending(database: Database) -> None:
    log = ReachLog(database, ReachContext("yvr", "dev-test"))
    release = threading.Event()
    log.transaction(lambda _session: release.wait(10))
    receipt = log.submit("visit")
    seen: list[str] = []
    receipt.add_done_callback(lambda done: seen.append(done.result()))
    assert not receipt.done()
    with pytest.raises(TimeoutError):
        receipt.result(timeout=0.05)
    release.set()
    assert receipt.result(timeout=10) == seen[0]
    receipt.add_done_callback(lambda done: seen.append("again"))  # already done: called at once
    log.close()
    assert seen == [receipt.uuid, "again"]
    assert stored_uuids(database) == [receipt.uuid]


def test_events_logged_from_several_threads_get_distinct_random_uuids(
    database: Database,
) -> None:
    log = ReachLog(database, ReachContext(site="yvr", device="kiosk-1"))

    def visit() -> None:
        for _ in range(250):
            log.submit("visit")

    threads = [threading.Thread(target=visit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.close()
    stored = stored_uuids(database)
    assert len(set(stored)) == len(stored) == 1000
    for text in stored:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
