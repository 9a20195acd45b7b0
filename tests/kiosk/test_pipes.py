"""A command whose output reader has gone (``| head``) ends quietly, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run_into_closed_pipe(*command: str) -> subprocess.CompletedProcess[str]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes
    try:
        return subprocess.run(
            command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    finally:
        os.close(write_end)


def test_kiosk_command_into_a_closed_pipe(tmp_path: Path) -> None:
    done = run_into_closed_pipe(str(BIN / "outreach-kiosk"), "--data-dir", str(tmp_path), "stats")
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 1


def test_central_command_into_a_closed_pipe(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    done = run_into_closed_pipe(
        str(BIN / "outreach-central"), "site", "add", "yvr-arrivals", "--database-url", url
    )
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 1
