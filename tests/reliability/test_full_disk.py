"""A full disk: a clear error, no corruption, nothing returned as written is lost, and the counts
made by the screens meanwhile are written once space is freed.

The data folder is a real small tmpfs; a filler file takes most of it, so the database (its
write-ahead log, where each durable commit adds a few pages) fills the rest within a few dozen
commits, and removing the filler frees space again.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.errors import DiskFullError, StorageError
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import DATABASE_FILE_NAME, open_database

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")


def fill(folder: Path, leave_bytes: int) -> Path:
    """Write a filler file until at most ``leave_bytes`` are free on ``folder``'s disk."""
    import os

    filler = folder / "filler.bin"
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave_bytes))
    return filler


def stored(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [row[0] for row in connection.execute("SELECT uuid FROM reach_event ORDER BY seq")]


def test_full_disk_is_a_clear_error_and_loses_nothing(tmpfs: Callable[[str], object]) -> None:
    data_dir = tmpfs("4m").path  # type: ignore[attr-defined]
    database = open_database(data_dir)
    log = ReachLog(database, ReachContext("yvr", "dev-full"))
    filler = fill(data_dir, leave_bytes=1024 * 1024)

    returned: list[str] = []
    with pytest.raises(DiskFullError) as full:
        for _ in range(100_000):
            returned.append(log.record("topic_viewed", language="es", topic="rights-at-work"))
    assert "full" in str(full.value)
    assert len(returned) > 20  # it did write until the disk was full
    assert stored(data_dir) == returned  # nothing returned is lost, nothing half-written

    # The screens go on submitting while the disk is full: those counts wait in memory.
    waiting = [log.submit("visit") for _ in range(50)]
    with pytest.raises(DiskFullError):
        log.record("visit")  # a caller who waits is told at once
    assert log.waiting_for_disk == 50
    assert not any(future.done() for future in waiting)
    assert stored(data_dir) == returned

    filler.unlink()  # space is freed
    after = log.record("visit")
    assert [future.result(timeout=10) for future in waiting]
    assert log.waiting_for_disk == 0
    log.close()
    database.close()
    assert stored(data_dir) == [*returned, *[f.result() for f in waiting], after]


def test_full_disk_at_start_is_a_clear_error(tmpfs: Callable[[str], object]) -> None:
    data_dir = tmpfs("1m").path  # type: ignore[attr-defined]
    fill(data_dir, leave_bytes=0)
    with pytest.raises(StorageError, match="full"):
        open_database(data_dir)


def test_full_disk_on_the_command_line(tmpfs: Callable[[str], object], tmp_path: Path) -> None:
    """A soak run on a full disk stops with one line saying so, and leaves a sound file."""
    data_dir = tmpfs("3m").path  # type: ignore[attr-defined]
    open_database(data_dir).close()
    fill(data_dir, leave_bytes=128 * 1024)
    result = subprocess.run(
        [str(EXECUTABLE), "--data-dir", str(data_dir), "simulate", "--visits", "20000"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "full" in result.stderr
    assert "Traceback" not in result.stderr
    stored(data_dir)  # integrity_check ok
