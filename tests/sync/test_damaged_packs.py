"""A content pack whose compressed data is damaged, signed by a trusted key: refused, never a crash.

The zips are real (made with ``outreach-kiosk pack zip``'s code, or by the central's publish),
with one member's deflate stream damaged and the zip directory left valid, so that only
unpacking finds it. ``pack install`` and ``sync --once`` run as real processes against a real
central on 127.0.0.1; the refusal is read back from the device's pack store.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from central_process import CentralProcess
from content_packs import (
    SHIPPED_VERSION,
    Publisher,
    device_store,
    kiosk,
    new_pack,
    new_publisher,
    publish,
    replace_stored_zip,
    with_damaged_deflate,
)
from fleet import new_code, new_site

from kiosk.enrolment import load_enrolment
from kiosk.packs.authoring import zip_pack
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import device_id, open_database
from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url
from sync.content_pull import ContentPuller
from sync.worker import SyncStatus, SyncWorker

PAGE = "topics/rights-at-work/en.md"


@pytest.fixture(scope="module")
def publisher(tmp_path_factory: pytest.TempPathFactory) -> Publisher:
    return new_publisher(tmp_path_factory.mktemp("publisher"), "publisher")


@pytest.fixture
def own_central(tmp_path: Path) -> Iterator[tuple[CentralProcess, CentralDatabase]]:
    folder = tmp_path / "central"
    folder.mkdir()
    database = open_central_database(sqlite_url(folder / "central.sqlite3"))
    server = CentralProcess(database.url, folder).start()
    yield server, database
    server.stop()
    database.close()


def enrolled_device(central: tuple[CentralProcess, CentralDatabase], folder: Path) -> Path:
    server, database = central
    code = new_code(database, new_site(database))
    enrolled = kiosk(folder, "enrol", code, "--central", server.url)
    assert enrolled.returncode == 0, enrolled.stderr
    return folder


def test_pack_install_refuses_a_damaged_zip_in_one_line(
    publisher: Publisher, tmp_path: Path
) -> None:
    pack = new_pack(tmp_path / "pack", "2099.1.0", publisher)
    archive = zip_pack(pack, tmp_path / "pack.zip")
    archive.write_bytes(with_damaged_deflate(archive.read_bytes(), PAGE))
    device = tmp_path / "device"

    result = kiosk(device, "pack", "install", str(archive), trusted=(publisher.public,))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.splitlines() == [
        f"{PAGE}: damaged in the zip, cannot be unpacked: "
        "Error -3 while decompressing data: invalid block type"
    ]
    assert result.stderr.strip() == f"{archive}: refused; the active pack is unchanged"

    store = device_store(device, publisher.public)
    assert store.active().pack.version == SHIPPED_VERSION
    refusal = store.last_refusal()
    assert refusal is not None and refusal.source == str(archive)
    assert refusal.problems == (result.stdout.strip(),)
    assert not list((device / "packs").glob(".incoming-*"))  # nothing half-unpacked is left

    status = kiosk(device, "pack", "status", trusted=(publisher.public,))
    assert f"last refused: {archive}" in status.stdout
    assert "invalid block type" in status.stdout


def test_sync_once_records_the_refusal_of_a_damaged_pack(
    own_central: tuple[CentralProcess, CentralDatabase], publisher: Publisher, tmp_path: Path
) -> None:
    server, database = own_central
    device = tmp_path / "device"
    enrolled = kiosk(
        device, "enrol", new_code(database, new_site(database)), "--central", server.url
    )
    assert enrolled.returncode == 0, enrolled.stderr
    publish(database.url, new_pack(tmp_path / "pack", "2099.1.0", publisher), publisher)
    # Damaged after signing, and the transport envelope signed anew by the trusted publisher:
    # only unpacking the zip finds it.
    replace_stored_zip(
        database, "2099.1.0", lambda data: with_damaged_deflate(data, PAGE), resign_with=publisher
    )

    result = kiosk(device, "sync", "--once", trusted=(publisher.public,))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    content = [line for line in result.stdout.splitlines() if line.startswith("content: ")]
    assert content == [
        f"content: refused 2099.1.0: {PAGE}: damaged in the zip, cannot be unpacked: "
        f"Error -3 while decompressing data: invalid block type; active {SHIPPED_VERSION}"
    ]
    store = device_store(device, publisher.public)
    assert store.active().pack.version == SHIPPED_VERSION
    refusal = store.last_refusal()
    assert refusal is not None and "2099.1.0" in refusal.source and server.url in refusal.source
    assert any("invalid block type" in problem for problem in refusal.problems)
    assert not list((device / "packs").glob(".download-*"))

    again = kiosk(device, "sync", "--once", trusted=(publisher.public,))
    assert again.returncode == 0, again.stderr
    assert "was refused before and is not downloaded again" in again.stdout


class Statuses:
    """Every status the worker reports, and a way to wait for one."""

    def __init__(self) -> None:
        self.seen: list[SyncStatus] = []
        self._changed = threading.Condition()

    def __call__(self, status: SyncStatus) -> None:
        with self._changed:
            self.seen.append(status)
            self._changed.notify_all()

    def wait_for(self, wanted: Callable[[SyncStatus], bool], timeout: float = 60) -> SyncStatus:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((status for status in reversed(self.seen) if wanted(status)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                assert left > 0, self.seen[-3:]
                self._changed.wait(left)


def test_the_background_sync_survives_a_damaged_pack_and_a_broken_database(
    own_central: tuple[CentralProcess, CentralDatabase], publisher: Publisher, tmp_path: Path
) -> None:
    _server, database = own_central
    device = enrolled_device(own_central, tmp_path / "device")
    publish(database.url, new_pack(tmp_path / "pack", "2099.1.0", publisher), publisher)
    replace_stored_zip(
        database, "2099.1.0", lambda data: with_damaged_deflate(data, PAGE), resign_with=publisher
    )
    local = open_database(device)
    enrolment = load_enrolment(local)
    assert enrolment is not None
    reach = ReachLog(local, ReachContext(enrolment.site, device_id(local)))
    statuses = Statuses()
    worker = SyncWorker(
        reach,
        enrolment.central_url,
        enrolment.token,
        on_status=statuses,
        idle_interval=60,
        max_backoff=0.5,
        content=ContentPuller(device_store(device, publisher.public)),
    )
    try:
        reach.record("visit")
        worker.start()
        # The damaged pack is refused, with its reason; the counts went all the same.
        refused = statuses.wait_for(lambda status: status.content_error is not None)
        assert refused.content_error is not None and "invalid block type" in refused.content_error
        assert refused.last_error is None and refused.backlog == 0
        assert refused.content_version == SHIPPED_VERSION
        assert worker.alive

        # The outbox's counter table is gone (a damaged database): every attempt fails with an
        # error no sync code expects. The thread says so and keeps trying.
        with sqlite3.connect(local.path) as connection:
            connection.execute("ALTER TABLE reach_counter RENAME TO reach_counter_lost")
        broken_at = time.time()
        worker.wake()
        failed = statuses.wait_for(lambda status: status.last_error is not None)
        assert failed.last_error is not None
        assert failed.last_error.startswith("unexpected error: OperationalError: ")
        assert "no such table: reach_counter" in failed.last_error
        assert failed.retry_at is not None and failed.retry_at >= broken_at
        assert not failed.stopped
        count = len(statuses.seen)
        statuses.wait_for(lambda _status: len(statuses.seen) > count + 1)  # and tries again
        assert worker.alive

        # Repaired: the next attempt succeeds, and a good pack is installed.
        with sqlite3.connect(local.path) as connection:
            connection.execute("ALTER TABLE reach_counter_lost RENAME TO reach_counter")
        publish(database.url, new_pack(tmp_path / "next", "2099.2.0", publisher), publisher)
        worker.wake()
        installed = statuses.wait_for(lambda status: status.content_version == "2099.2.0")
        assert installed.last_error is None and installed.retry_at is None
        assert installed.last_success is not None and installed.last_success > broken_at
        assert worker.alive
    finally:
        worker.stop()
        reach.close()
        local.close()
    assert not worker.alive
