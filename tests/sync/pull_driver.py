"""Pulls the central's pack and goes back to the older one, over and over, until killed.

Run by test_content_pull_kill.py: ``pull_driver.py DATA_DIR CENTRAL_URL TOKEN KEY OLD_ZIP OLD``.
Every turn is two real installs through PackStore (the central's pack through ContentPuller,
then the older pack from a zip), so a kill at a random moment mostly lands inside one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.packs.manifest import trusted_keys
from kiosk.packs.store import PackStore
from sync.client import CentralClient
from sync.content_pull import ContentPuller, Outcome


def main(data_dir: str, url: str, token: str, key: str, old_zip: str, old: str) -> None:
    store = PackStore(Path(data_dir), trusted_keys([key]))
    puller = ContentPuller(store)
    if store.active().pack.version != old:  # the last round was killed after the pull
        store.install(Path(old_zip), allow_downgrade=True)
    with CentralClient(url, token) as client:
        print("ready", flush=True)
        while True:
            report = puller.pull(client)
            if report.outcome is not Outcome.INSTALLED:
                raise SystemExit(f"unexpected: {report}")
            print(f"new {report.active_version}", flush=True)
            back = store.install(Path(old_zip), allow_downgrade=True)
            print(f"old {back.pack.version}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:7])
