"""Where the admin screen looks for pack zips: the drop folder and removable media, on real
folders standing in for /media and /run/media."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.packs.sources import DROP_FOLDER, find_packs, media_mounts


def zip_file(path: Path, size: int = 10, modified: int = 1_700_000_000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"P" * size)
    os.utime(path, (modified, modified))
    return path


def test_packs_in_the_drop_folder_and_on_media_of_both_layouts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    media, run_media = tmp_path / "media", tmp_path / "run-media"
    system_stick = media / "STICK"  # /media/<label>, mounted by the system
    user_stick = run_media / "desk" / "KIOSK"  # /run/media/<user>/<label>, by the desktop
    zip_file(system_stick / "top.zip", 1500)
    zip_file(system_stick / "packs" / "inside.ZIP", modified=1_800_000_000)  # the newest
    zip_file(system_stick / "a" / "b" / "too-deep.zip")
    zip_file(system_stick / ".hidden.zip")
    zip_file(system_stick / "notes.txt")
    (system_stick / "link.zip").symlink_to(system_stick / "top.zip")
    zip_file(user_stick / "pack.zip")
    (media / "stray-folder").mkdir()  # under /media but not mounted: its folders are media

    mounted = {system_stick}
    found = find_packs(data, (media, run_media), is_mount=lambda path: path in mounted)

    assert (data / DROP_FOLDER).is_dir()  # made when first looked in
    assert [(item.path, item.place, item.removable) for item in found] == [
        (system_stick / "packs" / "inside.ZIP", system_stick, True),
        (system_stick / "top.zip", system_stick, True),
        (user_stick / "pack.zip", user_stick, True),
    ]  # the drop folder first (empty here), then each medium, newest first
    assert {item.path.name: item.size for item in found}["top.zip"] == 1500

    zip_file(data / DROP_FOLDER / "copied.zip")
    zip_file(data / DROP_FOLDER / "sub" / "not-looked-into.zip")
    found = find_packs(data, (media, run_media), is_mount=lambda path: path in mounted)
    assert found[0].path == data / DROP_FOLDER / "copied.zip"
    assert not found[0].removable and found[0].place == data / DROP_FOLDER
    assert "not-looked-into.zip" not in {item.name for item in found}


def test_no_media_and_unreadable_roots_are_no_problem(tmp_path: Path) -> None:
    assert media_mounts((tmp_path / "nowhere",)) == []
    assert find_packs(tmp_path / "data", (tmp_path / "nowhere",)) == []
