"""A file replaced in place is the old one or the new one, never half of either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.durable_files import write_bytes_atomically, write_text_atomically


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


def test_bytes_replace_a_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "cards.pdf"
    target.write_bytes(b"%PDF old")
    write_bytes_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    assert [path.name for path in tmp_path.iterdir()] == ["cards.pdf"]


def test_bytes_aimed_at_a_folder_leave_no_temporary_file(tmp_path: Path) -> None:
    """The rename fails after the temporary file was written; it must not stay behind."""
    (tmp_path / "cards").mkdir()
    with pytest.raises(IsADirectoryError):
        write_bytes_atomically(tmp_path / "cards", b"%PDF")
    assert [path.name for path in tmp_path.iterdir()] == ["cards"]
    assert list((tmp_path / "cards").iterdir()) == []


def test_bytes_under_a_file_raise_the_error_that_says_why(tmp_path: Path) -> None:
    """Removing the temporary file fails there too; that must not hide the first error."""
    (tmp_path / "notes").write_text("not a folder", "utf-8")
    with pytest.raises(NotADirectoryError):
        write_bytes_atomically(tmp_path / "notes" / "cards.pdf", b"%PDF")
    assert [path.name for path in tmp_path.iterdir()] == ["notes"]
