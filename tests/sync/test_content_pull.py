"""Content updates end to end: a real central (``outreach-central serve`` on SQLite), packs signed
and published with the real commands, a device enrolled and synced with ``outreach-kiosk``.

After a sync the device's active pack is the published one; a pack signed by a key the device
does not trust, or changed after it was signed, is refused with the reason recorded and the last
good pack left active; a damaged download is tried again; a refused manifest is not downloaded
again until the central offers another.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from central_process import CentralProcess, run_central
from content_packs import (
    SHIPPED_VERSION,
    Publisher,
    device_store,
    kiosk,
    new_pack,
    new_publisher,
    publish,
    replace_stored_zip,
    restore_stored_zip,
    with_file_changed,
)
from fleet import new_code, new_site

from kiosk.enrolment import Enrolment, load_enrolment
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import device_id, open_database
from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url
from sync.client import CentralClient
from sync.content_pull import ContentPuller, Outcome
from sync.protocol import ContentManifest
from sync.worker import SyncStatus, SyncWorker


@pytest.fixture
def own_central(tmp_path: Path) -> Iterator[tuple[CentralProcess, CentralDatabase]]:
    """A central of the test's own: the manifest is the newest pack of the whole central."""
    folder = tmp_path / "central"
    folder.mkdir()
    database = open_central_database(sqlite_url(folder / "central.sqlite3"))
    server = CentralProcess(database.url, folder).start()
    yield server, database
    server.stop()
    database.close()


@pytest.fixture(scope="module")
def publishers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publisher, Publisher]:
    """The publisher devices trust, and a stranger with a key of their own."""
    folder = tmp_path_factory.mktemp("publishers")
    return new_publisher(folder, "publisher"), new_publisher(folder, "stranger")


@pytest.fixture
def device(own_central: tuple[CentralProcess, CentralDatabase], tmp_path: Path) -> Path:
    """A device's data folder, enrolled through the command line."""
    server, database = own_central
    data_dir = tmp_path / "device"
    code = new_code(database, new_site(database))
    enrolled = kiosk(data_dir, "enrol", code, "--central", server.url)
    assert enrolled.returncode == 0, enrolled.stderr
    return data_dir


def content_line(result: object) -> str:
    stdout: str = result.stdout  # type: ignore[attr-defined]
    lines = [line for line in stdout.splitlines() if line.startswith("content: ")]
    assert len(lines) == 1, stdout
    return lines[0]


def sync_once(data_dir: Path, *trusted: str) -> str:
    result = kiosk(data_dir, "sync", "--once", trusted=trusted)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("pushed ")
    return content_line(result)


def enrolment_of(data_dir: Path) -> Enrolment:
    database = open_database(data_dir)
    try:
        enrolment = load_enrolment(database)
    finally:
        database.close()
    assert enrolment is not None
    return enrolment


class CountingCentral:
    """The real client, counting the downloads asked of it."""

    def __init__(self, client: CentralClient):
        self.client = client
        self.base_url = client.base_url
        self.downloads = 0

    def manifest(self) -> ContentManifest | None:
        return self.client.manifest()

    def download_pack(self, manifest: ContentManifest, publisher_key: str) -> bytes:
        self.downloads += 1
        return self.client.download_pack(manifest, publisher_key)


def test_sync_installs_a_newer_published_pack(
    own_central: tuple[CentralProcess, CentralDatabase],
    device: Path,
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    _server, database = own_central
    trusted, _stranger = publishers
    assert sync_once(device, trusted.public).startswith("content: nothing published")

    pack = new_pack(tmp_path / "pack", "2099.1.0", trusted)
    publish(database.url, pack, trusted)
    line = sync_once(device, trusted.public)
    assert line == "content: installed 2099.1.0; active 2099.1.0"

    store = device_store(device, trusted.public)
    active = store.active()
    assert (active.pack.version, active.origin) == ("2099.1.0", "installed")
    assert active.signer is not None and active.signer.startswith(
        next(key.fingerprint for key in store.keys if key.origin.startswith("setting"))
    )
    assert store.last_refusal() is None
    assert not list((device / "packs").glob(".download-*"))  # the downloaded zip is gone
    assert sync_once(device, trusted.public).startswith("content: up to date")


def test_a_pack_signed_by_another_key_is_refused_and_not_fetched_again(
    own_central: tuple[CentralProcess, CentralDatabase],
    device: Path,
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    server, database = own_central
    trusted, stranger = publishers
    publish(database.url, new_pack(tmp_path / "theirs", "2099.2.0", stranger), stranger)

    line = sync_once(device, trusted.public)
    assert line.startswith("content: refused 2099.2.0: manifest.sig: ")
    assert "not signed by a key this device trusts" in line
    store = device_store(device, trusted.public)
    assert (store.active().pack.version, store.active().origin) == (SHIPPED_VERSION, "shipped")
    refusal = store.last_refusal()
    assert refusal is not None
    assert "2099.2.0" in refusal.source and server.url in refusal.source
    assert any(problem.startswith("manifest.sig: ") for problem in refusal.problems)

    enrolment = enrolment_of(device)
    with CentralClient(server.url, enrolment.token) as client:
        central = CountingCentral(client)
        again = ContentPuller(store).pull(central)
    assert again.outcome is Outcome.REFUSED_BEFORE
    assert central.downloads == 0  # the same manifest is not fetched a second time
    assert store.last_refusal() == refusal
    assert store.active().pack.version == SHIPPED_VERSION

    # Another manifest is worth a try: the trusted publisher's next pack goes in.
    publish(database.url, new_pack(tmp_path / "ours", "2099.3.0", trusted), trusted)
    assert sync_once(device, trusted.public) == "content: installed 2099.3.0; active 2099.3.0"
    assert store.last_refusal() is None


def test_a_damaged_download_is_tried_again_and_installed_once_whole(
    own_central: tuple[CentralProcess, CentralDatabase],
    device: Path,
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    _server, database = own_central
    trusted, _stranger = publishers
    publish(database.url, new_pack(tmp_path / "pack", "2099.1.0", trusted), trusted)
    original = replace_stored_zip(database, "2099.1.0", lambda data: data[:-64] + bytes(64))

    for _attempt in range(2):  # not remembered as refused: tried at every sync
        line = sync_once(device, trusted.public)
        assert line.startswith("content: could not update to 2099.1.0 (will try again): ")
        assert "arrived damaged" in line
        store = device_store(device, trusted.public)
        assert store.active().pack.version == SHIPPED_VERSION
        assert store.last_refusal() is None

    restore_stored_zip(database, "2099.1.0", original)
    assert sync_once(device, trusted.public) == "content: installed 2099.1.0; active 2099.1.0"


def test_a_pack_changed_after_signing_is_refused_naming_the_file(
    own_central: tuple[CentralProcess, CentralDatabase],
    device: Path,
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    _server, database = own_central
    trusted, _stranger = publishers
    publish(database.url, new_pack(tmp_path / "ok", "2099.1.0", trusted), trusted)
    assert sync_once(device, trusted.public).startswith("content: installed 2099.1.0")

    # 2099.2.0 is changed after the pack was signed; its transport envelope is signed anew by
    # the trusted key, so only the pack's own manifest can tell.
    publish(database.url, new_pack(tmp_path / "next", "2099.2.0", trusted), trusted)
    page = "topics/rights-at-work/en.md"
    replace_stored_zip(
        database,
        "2099.2.0",
        lambda data: with_file_changed(data, page, "# Pay the recruiter first\n"),
        resign_with=trusted,
    )
    line = sync_once(device, trusted.public)
    assert line.startswith("content: refused 2099.2.0: ")
    assert f"{page}: differs from manifest.json" in line
    store = device_store(device, trusted.public)
    assert store.active().pack.version == "2099.1.0"  # the last good pack stays
    refusal = store.last_refusal()
    assert refusal is not None and "2099.2.0" in refusal.source
    assert any(problem.startswith(f"{page}: differs") for problem in refusal.problems)
    assert not list((device / "packs").glob(".incoming-*"))  # nothing half-unpacked is left


def test_a_pack_of_another_id_is_not_an_update(
    own_central: tuple[CentralProcess, CentralDatabase],
    device: Path,
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    _server, database = own_central
    trusted, _stranger = publishers

    def rename(folder: Path) -> None:
        toml = folder / "pack.toml"
        toml.write_text(
            toml.read_text("utf-8").replace('id = "bc-orientation"', 'id = "other-pack"', 1)
        )

    publish(database.url, new_pack(tmp_path / "pack", "2099.1.0", trusted, rename), trusted)
    line = sync_once(device, trusted.public)
    assert "'other-pack'" in line and line.startswith("content: refused 2099.1.0: pack.toml: ")
    assert device_store(device, trusted.public).active().pack.id == "bc-orientation"


def test_publish_checks_the_pack_signature_with_the_publishing_key(
    own_central: tuple[CentralProcess, CentralDatabase],
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    _server, database = own_central
    trusted, stranger = publishers
    pack = new_pack(tmp_path / "pack", "2099.1.0", stranger)
    refused = run_central(database.url, "publish", str(pack), "--key", str(trusted.private))
    assert refused.returncode == 1
    assert "manifest.sig" in refused.stderr
    publish(database.url, pack, stranger)  # signed and published by the same key: accepted


def test_background_worker_pulls_after_pushing(
    own_central: tuple[CentralProcess, CentralDatabase],
    device: Path,
    publishers: tuple[Publisher, Publisher],
    tmp_path: Path,
) -> None:
    _server, database = own_central
    trusted, _stranger = publishers
    enrolment = enrolment_of(device)
    local = open_database(device)
    reach = ReachLog(local, ReachContext(enrolment.site, device_id(local)))
    seen: list[SyncStatus] = []
    installed = threading.Event()

    def on_status(status: SyncStatus) -> None:
        seen.append(status)
        if status.content_version == "2099.1.0":
            installed.set()

    worker = SyncWorker(
        reach,
        enrolment.central_url,
        enrolment.token,
        on_status=on_status,
        idle_interval=60,
        content=ContentPuller(device_store(device, trusted.public)),
    )
    try:
        reach.record("visit")
        worker.start()
        publish(database.url, new_pack(tmp_path / "pack", "2099.1.0", trusted), trusted)
        worker.wake()
        assert installed.wait(60), seen
        assert seen[0].content_version == SHIPPED_VERSION  # known before the first attempt
        last = seen[-1]
        assert last.backlog == 0 and last.last_error is None and last.content_error is None
    finally:
        worker.stop()
        reach.close()
        local.close()
    assert device_store(device, trusted.public).active().pack.version == "2099.1.0"
