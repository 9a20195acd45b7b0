"""Power can be cut while a pulled pack is being installed: the device keeps the old pack or the
new one, whole, never half of either.

A real process (pull_driver.py) pulls the central's pack and goes back to the older one again
and again; it is killed with SIGKILL at a random moment, many times. After each kill the pack the
device would show must be one of the two, pass its full check (a half-written pack would be
refused and recorded), and a later pull must still work.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from central_process import CentralProcess
from content_packs import device_store, new_pack, new_publisher, publish
from fleet import enrol

from kiosk.packs.authoring import zip_pack
from sync.central.db.database import open_central_database, sqlite_url
from sync.client import CentralClient
from sync.content_pull import ContentPuller, Outcome

DRIVER = Path(__file__).with_name("pull_driver.py")
ROUNDS = 16
OLD, NEW = "2099.1.0", "2099.2.0"


def test_a_kill_during_install_leaves_the_old_or_the_new_pack_whole(tmp_path: Path) -> None:
    database = open_central_database(sqlite_url(tmp_path / "central.sqlite3"))
    server = CentralProcess(database.url, tmp_path).start()
    try:
        publisher = new_publisher(tmp_path, "publisher")
        device = enrol(server.url, database)
        old_zip = zip_pack(new_pack(tmp_path / "old", OLD, publisher), tmp_path / "old.zip")
        publish(database.url, new_pack(tmp_path / "new", NEW, publisher), publisher)
        data_dir = tmp_path / "device"
        store = device_store(data_dir, publisher.public)
        store.install(old_zip)

        chance = random.Random(20261122)
        after_kill: Counter[str] = Counter()
        interrupted = 0  # kills that left an unfinished install behind
        before: set[str] = set()
        for round_number in range(ROUNDS):
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(DRIVER),
                    str(data_dir),
                    server.url,
                    device.token,
                    publisher.public,
                    str(old_zip),
                    OLD,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n", process.stderr.read()
            time.sleep(chance.uniform(0.0, 1.8))  # about two installs' time
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            assert process.returncode == -signal.SIGKILL, process.stderr.read()
            process.stdout.close()
            process.stderr.close()  # type: ignore[union-attr]

            leftovers = {entry.name for entry in (data_dir / "packs").iterdir()}
            if any(name.startswith(".incoming-") for name in leftovers - before):
                interrupted += 1  # a staging folder is removed when its install finishes
            before = leftovers
            checked = device_store(data_dir, publisher.public)
            active = checked.active()  # the full check a kiosk makes when it starts
            assert checked.last_refusal() is None, f"round {round_number}: {leftovers}"
            assert active.origin == "installed", f"round {round_number}: {leftovers}"
            assert active.pack.version in (OLD, NEW), f"round {round_number}"
            assert len(active.pack.topics) > 0 and active.pack.contacts
            after_kill[active.pack.version] += 1
    finally:
        server.stop()
        database.close()

    # The kills landed in both states and several inside an install: the test saw real cases.
    assert set(after_kill) == {OLD, NEW}, after_kill
    assert interrupted >= 2, interrupted
    print(f"kills: {dict(after_kill)} active after; {interrupted} inside an install")
    # And the device still updates afterwards.
    server.start()
    try:
        with CentralClient(server.url, device.token) as client:
            store = device_store(data_dir, publisher.public)
            if store.active().pack.version == NEW:
                store.install(old_zip, allow_downgrade=True)
            report = ContentPuller(store).pull(client)
    finally:
        server.stop()
    assert report.outcome is Outcome.INSTALLED and report.active_version == NEW
    assert not list((data_dir / "packs").glob(".incoming-*"))
