"""Where desk staff bring content packs: the drop folder and removable media.

Why not a file dialog: in kiosk mode a general file dialog lets anyone at the screen browse the
disk, rename and delete folders (the kiosk's own data folder included). The admin screen offers
instead the pack zips found in two fixed places, and installs the chosen one through the pack
store's checks like any other pack:

- the drop folder, ``<data folder>/incoming-packs`` (made if missing), for a zip copied onto
  the kiosk over the network or by a technician;
- removable media as the desktop mounts them: ``/media/<user>/<label>`` (Debian, Ubuntu),
  ``/run/media/<user>/<label>`` (Fedora and others) and ``/media/<label>`` (a stick mounted by
  the system). A zip is found at the top of the medium or in a folder at its top.

Only regular files named ``*.zip`` are listed; links and hidden files are not, so nothing on a
stick can point the kiosk at another place on its disk.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

DROP_FOLDER = "incoming-packs"
MEDIA_ROOTS: tuple[Path, ...] = (Path("/media"), Path("/run/media"))
MAX_FOUND = 200  # more than a desk needs; a stick full of zips must not swamp the screen

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundPack:
    """A pack zip offered for installing: the file, the place it is in, its size in bytes."""

    path: Path
    place: Path  # the drop folder, or the mount point of the medium
    removable: bool
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def drop_folder(data_dir: Path) -> Path:
    """The drop folder of a data folder, made if missing (an unusable folder is only logged)."""
    folder = data_dir / DROP_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot make the drop folder %s: %s", folder, exc)
    return folder


def media_mounts(
    roots: Sequence[Path] = MEDIA_ROOTS, is_mount: Callable[[Path], bool] = os.path.ismount
) -> list[Path]:
    """The mounted media under ``roots``: ``root/<label>`` when it is a mount point itself,
    else each ``root/<user>/<label>``. (Under a root that is not a real mount parent, as in
    tests, ``root/<user>/<label>`` are the media.)"""
    mounts: list[Path] = []
    for root in roots:
        for child in _folders(root):
            if is_mount(child):
                mounts.append(child)
            else:
                mounts.extend(_folders(child))
    return mounts


def find_packs(
    data_dir: Path,
    media_roots: Sequence[Path] = MEDIA_ROOTS,
    is_mount: Callable[[Path], bool] = os.path.ismount,
) -> list[FoundPack]:
    """The pack zips in the drop folder, then on each medium; newest first within a place."""
    found: list[FoundPack] = []
    places = [(drop_folder(data_dir), False)]
    places += [(mount, True) for mount in media_mounts(media_roots, is_mount)]
    for place, removable in places:
        in_place = [
            FoundPack(path, place, removable, size)
            for path, size, _modified in sorted(
                _zips(place, depth=1 if removable else 0), key=lambda item: -item[2]
            )
        ]
        found.extend(in_place)
        if len(found) >= MAX_FOUND:
            return found[:MAX_FOUND]
    return found


def _folders(folder: Path) -> list[Path]:
    """The visible sub-folders of ``folder`` (not links), by name; none if it cannot be read."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        entry
        for entry in entries
        if not entry.name.startswith(".") and entry.is_dir() and not entry.is_symlink()
    ]


def _zips(folder: Path, depth: int) -> Iterator[tuple[Path, int, float]]:
    """Regular ``*.zip`` files in ``folder`` and ``depth`` levels of folders below it."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        log.info("cannot read %s: %s", folder, exc)
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        try:
            status = entry.stat()
        except OSError:
            continue
        if entry.is_file() and entry.suffix.lower() == ".zip":
            yield entry, status.st_size, status.st_mtime
        elif depth > 0 and entry.is_dir():
            yield from _zips(entry, depth - 1)
