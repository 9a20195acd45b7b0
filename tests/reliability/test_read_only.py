"""A read-only data folder is refused at start with a message that says so.

The folder is a real tmpfs remounted read-only: as root, permission bits would not stop a write.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.errors import ReadOnlyStorageError
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import open_database

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")


def read_only_data_dir(tmpfs: Callable[[str], object], with_database: bool) -> Path:
    mount = tmpfs("4m")
    data_dir: Path = mount.path  # type: ignore[attr-defined]
    if with_database:
        database = open_database(data_dir)
        log = ReachLog(database, ReachContext("yvr", "dev-ro"))
        log.record("visit")
        log.close()
        database.close()
    mount.read_only()  # type: ignore[attr-defined]
    return data_dir


@pytest.mark.parametrize("with_database", [True, False], ids=["existing", "empty"])
def test_read_only_folder_is_refused_at_start(
    tmpfs: Callable[[str], object], with_database: bool
) -> None:
    data_dir = read_only_data_dir(tmpfs, with_database)
    with pytest.raises(ReadOnlyStorageError, match="read-only") as refused:
        open_database(data_dir)
    assert str(data_dir) in str(refused.value)


def test_kiosk_start_on_a_read_only_folder_says_so(
    tmpfs: Callable[[str], object], tmp_path: Path
) -> None:
    data_dir = read_only_data_dir(tmpfs, with_database=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    # logs go to the data folder too: the kiosk must say what is wrong, not crash on the log
    result = subprocess.run(
        [str(EXECUTABLE), "--windowed", "--quit-after-paint", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr


def test_stats_on_a_read_only_folder_says_so(
    tmpfs: Callable[[str], object], tmp_path: Path
) -> None:
    data_dir = read_only_data_dir(tmpfs, with_database=True)
    result = subprocess.run(
        [str(EXECUTABLE), "--data-dir", str(data_dir), "stats"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
        timeout=120,
    )
    assert result.returncode == 1
    assert "read-only" in result.stderr
