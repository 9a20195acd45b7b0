"""The files of a content pack: which may exist, how large they may be, and safe unzipping.

Why this is strict: packs travel between machines (USB stick, sync) and are shown to visitors.
A pack holds only the files the format names, each within a size limit, with no links and no
path that could leave its folder, so a damaged or hostile pack is refused before any of its
content is read, and a zip is checked in full before anything is kept.
"""

from __future__ import annotations

import lzma
import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import IO

from kiosk.codes import LANGUAGE_PART, NAME_PART
from kiosk.packs.problems import Problem

PACK_TOML = "pack.toml"
CONTACTS_TOML = "contacts.toml"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
TOP_LEVEL_FILES = (PACK_TOML, CONTACTS_TOML, MANIFEST, SIGNATURE)
AUDIO_SUFFIXES = (".ogg", ".mp3", ".wav")

MAX_TEXT_BYTES = 512 * 1024
MAX_AUDIO_BYTES = 32 * 1024 * 1024
MAX_PACK_BYTES = 256 * 1024 * 1024
MAX_FILES = 4000
_CHUNK = 1024 * 1024

PAGE_PATH = re.compile(rf"^topics/(?P<topic>{NAME_PART})/(?P<language>{LANGUAGE_PART})\.md$")
# A language's review record (kiosk.packs.review): the last PO file imported for it.
REVIEW_PATH = re.compile(rf"^reviews/(?P<language>{LANGUAGE_PART})\.po$")
AUDIO_PATH = re.compile(
    rf"^audio/(?P<topic>{NAME_PART})/(?P<language>{LANGUAGE_PART})(?P<suffix>\.ogg|\.mp3|\.wav)$"
)


@dataclass(frozen=True)
class PackFile:
    """One file of a pack: its path inside the pack ('/'-separated) and where to read it."""

    path: str
    source: Traversable
    size: int

    @property
    def is_audio(self) -> bool:
        return self.path.startswith("audio/")

    @property
    def oversized(self) -> bool:
        """Too large to be read at all; reported once by :func:`list_files`."""
        return self.size > size_limit(self.path)


def size_limit(path: str) -> int:
    return MAX_AUDIO_BYTES if path.startswith("audio/") else MAX_TEXT_BYTES


def layout_problem(path: str) -> str | None:
    """Why ``path`` may not be in a pack, or None when the format allows it."""
    if path in TOP_LEVEL_FILES or PAGE_PATH.match(path) or AUDIO_PATH.match(path):
        return None
    if REVIEW_PATH.match(path):
        return None
    if path.startswith("topics/"):
        if path.endswith(".md"):
            return "a page must be topics/<topic-id>/<language>.md (lower-case id, language code)"
        return "only <language>.md pages belong in topics/"
    if path.startswith("reviews/"):
        return "only <language>.po review records belong in reviews/"
    if path.startswith("audio/"):
        return "audio must be audio/<topic-id>/<language>.ogg, .mp3 or .wav"
    return (
        "unexpected file: a pack holds pack.toml, contacts.toml, manifest.json, manifest.sig, "
        "topics/, audio/ and reviews/ only"
    )


def list_files(root: Traversable) -> tuple[dict[str, PackFile], list[Problem]]:
    """Every file under ``root`` by its pack path, and the problems of the layout and sizes."""
    files: dict[str, PackFile] = {}
    problems: list[Problem] = []
    if not root.is_dir():
        return files, [Problem("", f"{root} is not a folder")]
    pending: list[tuple[Traversable, str]] = [(root, "")]
    total = 0
    while pending:
        folder, prefix = pending.pop()
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            path = f"{prefix}{entry.name}"
            if isinstance(entry, Path) and entry.is_symlink():
                problems.append(Problem(path, "links are not allowed in a pack"))
            elif entry.is_dir():
                pending.append((entry, f"{path}/"))
            elif (reason := layout_problem(path)) is not None:
                problems.append(Problem(path, reason))
            else:
                file = PackFile(path, entry, _size_of(entry))
                if file.oversized:
                    problems.append(Problem(path, _too_large(file.size, size_limit(path))))
                total += file.size
                files[path] = file
    if len(files) > MAX_FILES:
        problems.append(Problem("", f"{len(files)} files; a pack may hold at most {MAX_FILES}"))
    if total > MAX_PACK_BYTES:
        problems.append(Problem("", _too_large(total, MAX_PACK_BYTES)))
    return files, problems


def _size_of(entry: Traversable) -> int:
    if isinstance(entry, Path):
        return entry.stat().st_size
    with entry.open("rb") as handle:
        return handle.seek(0, 2)


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size:,} bytes, the limit is {limit:,} bytes"


def zip_entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry may not be unpacked: a path that escapes, a link, an odd name."""
    name = info.filename
    mode = info.external_attr >> 16
    if "\\" in name or "\x00" in name:
        return "file names in a pack zip use '/' only"
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and re.match(r"^[A-Za-z]:", parts[0])):
        return "absolute path: a pack zip holds paths inside its folder only"
    if ".." in parts:
        return "path escapes the pack folder ('..')"
    if stat.S_ISLNK(mode):
        return "links are not allowed in a pack"
    return None


def extract_zip(archive: Path, destination: Path) -> list[Problem]:
    """Unpack a pack zip into the empty folder ``destination``, or report why not.

    Every entry is checked before anything is written; sizes are counted while unpacking too,
    since a zip can lie about them. A single top folder (``bc-orientation/pack.toml``) is
    allowed and dropped. On any problem ``destination`` is left empty.
    """
    name = archive.name
    try:
        with zipfile.ZipFile(archive) as bundle:
            entries = [info for info in bundle.infolist() if not info.is_dir()]
            problems = [
                Problem(f"{name}:{info.filename}", reason)
                for info in entries
                if (reason := zip_entry_problem(info)) is not None
            ]
            if problems:
                return problems
            strip = _common_top_folder([info.filename for info in entries])
            planned: list[tuple[zipfile.ZipInfo, str]] = []
            for info in entries:
                path = info.filename[len(strip) :]
                if (reason := layout_problem(path)) is not None:
                    problems.append(Problem(path, reason))
                elif info.file_size > size_limit(path):
                    problems.append(Problem(path, _too_large(info.file_size, size_limit(path))))
                else:
                    planned.append((info, path))
            if len(planned) > MAX_FILES:
                problems.append(Problem(name, f"more than {MAX_FILES} files"))
            if problems:
                return problems
            problems = _unpack(bundle, planned, destination)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        problems = [Problem(name, f"cannot be read as a zip: {exc}")]
    except (zlib.error, EOFError, ValueError) as exc:  # a damaged stream, found while reading
        problems = [Problem(name, f"damaged, cannot be unpacked: {exc}")]
    if problems:
        _empty(destination)
    return problems


def _unpack(
    bundle: zipfile.ZipFile, planned: list[tuple[zipfile.ZipInfo, str]], destination: Path
) -> list[Problem]:
    total = 0
    for info, path in planned:
        target = destination.joinpath(*path.split("/"))
        if not target.resolve().is_relative_to(destination.resolve()):
            return [Problem(path, "path escapes the pack folder")]
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with bundle.open(info) as source, target.open("wb") as sink:
            while chunk := _read_chunk(source, path):
                if isinstance(chunk, Problem):
                    return [chunk]
                written += len(chunk)
                total += len(chunk)
                if written > size_limit(path):
                    return [Problem(path, _too_large(written, size_limit(path)) + " (unpacked)")]
                if total > MAX_PACK_BYTES:
                    return [Problem("", _too_large(total, MAX_PACK_BYTES) + " (unpacked)")]
                sink.write(chunk)
    return []


def _read_chunk(source: IO[bytes], path: str) -> bytes | Problem:
    """The next piece of a zip member, or why it cannot be read: a compressed stream that is
    damaged (zlib's, lzma's or bz2's error, a stream cut short) or whose checksum differs."""
    try:
        return source.read(_CHUNK)
    except (zlib.error, lzma.LZMAError, EOFError, OSError, zipfile.BadZipFile) as exc:
        return Problem(path, f"damaged in the zip, cannot be unpacked: {exc}")


def _common_top_folder(names: list[str]) -> str:
    """``name/`` when the zip holds the pack inside one folder (``name/pack.toml``), else ''."""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and f"{next(iter(tops))}/{PACK_TOML}" in names:
        return f"{tops.pop()}/"
    return ""


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
