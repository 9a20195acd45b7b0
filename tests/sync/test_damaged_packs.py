"""A content pack whose compressed data is damaged, signed by a trusted key: refused, never a crash.

The zips are real (made with ``outreach-kiosk pack zip``'s code, or by the central's publish),
with one member's deflate stream damaged and the zip directory left valid, so that only
unpacking finds it. ``pack install`` and ``sync --once`` run as real processes against a real
central on 127.0.0.1; the refusal is read back from the device's pack store.
"""

from __future__ import annotations

from collections.abc import Iterator
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

from kiosk.pack_authoring import zip_pack
from sync.central.database import CentralDatabase, open_central_database, sqlite_url

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
