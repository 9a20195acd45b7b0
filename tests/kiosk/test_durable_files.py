"""A file replaced in place is the old one or the new one, never half of either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.durable_files import write_text_atomically


def test_the_new_text_replaces_the_old_with_the_old_permissions(tmp_path: Path) -> None:
    target = tmp_path / "settings.toml"
    target.write_text('site = "old"\n', "utf-8")
    target.chmod(0o640)
    write_text_atomically(target, 'site = "new"\n', mode_like=target)
    assert target.read_text("utf-8") == 'site = "new"\n'
    assert target.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["settings.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "active-pack"
    target.write_text("2026.11.0\n", "utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "2026.12.0 \ud800\n")  # cannot be written as UTF-8
    assert target.read_text("utf-8") == "2026.11.0\n"
    assert [path.name for path in tmp_path.iterdir()] == ["active-pack"]


def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path: Path) -> None:
    """Not the owner-only mode of a temporary file: a pack pointer written by an administrator
    must stay readable by the kiosk's user."""
    target = tmp_path / "reach-stats.csv"
    earlier = os.umask(0o022)
    try:
        write_text_atomically(target, "a,b\r\n", newline="")
    finally:
        os.umask(earlier)
    assert target.read_bytes() == b"a,b\r\n"
    assert target.stat().st_mode & 0o777 == 0o644
