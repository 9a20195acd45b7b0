"""Power can be cut at any moment: a logging process is killed with SIGKILL, 50 times.

After each kill the file must pass SQLite's integrity check, every event whose write call had
returned must be there, none twice, and the device sequence must have no gap and no repeat.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import DATABASE_FILE_NAME, open_database

LOGGER = Path(__file__).with_name("fast_logger.py")
ROUNDS = 50


def run_and_kill(data_dir: Path, seed: int, chance: random.Random) -> list[str]:
    """Start the logger, kill it at a random moment; return the uuids it said were written."""
    process = subprocess.Popen(
        [sys.executable, str(LOGGER), str(data_dir), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line == "ready\n":
                ready.set()
            elif line.endswith("\n"):  # a line cut short by the kill promised nothing
                lines.append(line.strip())

    reader = threading.Thread(target=read)
    reader.start()
    if seed % 10 == 0:
        time.sleep(chance.uniform(0.0, 0.8))  # now and then during start-up and migration
    else:
        assert ready.wait(60), process.stderr.read() if process.stderr else ""
        time.sleep(chance.uniform(0.01, 0.4))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    reader.join(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return lines


def test_sigkill_never_loses_or_duplicates_a_returned_event(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    chance = random.Random(20261121)
    promised: list[str] = []
    for seed in range(ROUNDS):
        promised.extend(run_and_kill(data_dir, seed, chance))
        if not (data_dir / DATABASE_FILE_NAME).exists():
            continue  # killed before the database was created
        with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if not tables:  # killed before the first migration committed: all or nothing
                assert not promised, f"round {seed}: events promised before the schema existed"
                continue
            assert {"reach_event", "alembic_version"} <= tables, f"round {seed}: half a schema"
            stored = connection.execute("SELECT uuid, seq FROM reach_event ORDER BY seq").fetchall()
        uuids = [row[0] for row in stored]
        assert len(set(uuids)) == len(uuids), f"round {seed}: an event is stored twice"
        missing = set(promised) - set(uuids)
        assert not missing, f"round {seed}: {len(missing)} returned events are missing"
        assert [row[1] for row in stored] == list(range(1, len(stored) + 1)), f"round {seed}"
    assert len(promised) > ROUNDS * 10  # it really was logging when it was killed

    database = open_database(data_dir)  # and the kiosk goes on from where it was
    log = ReachLog(database, ReachContext("yvr", "dev-kill"))
    log.record("visit")
    assert log.backlog() == len(stored) + 1
    log.close()
    database.close()
