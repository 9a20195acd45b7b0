"""Writing a small file so that a power cut leaves the old file or the new one, whole.

Why one home: the settings file (and its backup), the admin PIN line, the pack store's pointer
and refusal record, statistics exports and a pack's narration files are all replaced in place
on machines that lose power without warning. Each used to carry its own copy of these steps,
and one (``admin-pin --write``) had none; a half-written settings file stops the kiosk from
starting.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path


def write_text_atomically(
    path: Path, text: str, *, mode_like: Path | None = None, newline: str | None = None
) -> None:
    """Replace ``path`` with ``text``: written to a temporary file beside it, flushed to disk,
    renamed over it, and the rename itself made durable.

    With ``mode_like``, the new file gets that file's permissions (the settings file may hold
    the admin PIN's hash and be readable by its owner only); otherwise a new file's, as the
    process's umask makes them.
    """

    def write(temporary: Path) -> None:
        with temporary.open("x", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    _replace_with(path, write, mode_like)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` the way :func:`write_text_atomically` replaces text.

    For files made whole in memory, such as a PDF of wallet cards: a folder that is missing or
    read-only, or a ``path`` that is a folder, fails before or at the rename and leaves nothing
    behind, not even the temporary file.
    """

    def write(temporary: Path) -> None:
        with temporary.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    _replace_with(path, write, None)


def _replace_with(path: Path, write: Callable[[Path], None], mode_like: Path | None) -> None:
    """Have ``write`` make a new temporary file beside ``path``, then rename it over ``path``;
    on any failure, even an interrupt, the temporary file is removed and the old file stays."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(temporary)
        if mode_like is not None and mode_like.exists():
            shutil.copymode(mode_like, temporary)
        temporary.replace(path)
    except BaseException:
        # Under a missing folder or a file there is nothing to remove, and saying so would
        # hide the error that matters.
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    sync_directory(path.parent)


def move_into_place(temporary: Path, path: Path) -> None:
    """Replace ``path`` with the finished file ``temporary`` (in the same folder): its contents
    flushed to disk first, then renamed over ``path``, and the rename made durable.

    For files another program writes (a narration from an encoder), where
    :func:`write_text_atomically` cannot hold the text.
    """
    with temporary.open("rb+") as handle:
        os.fsync(handle.fileno())
    temporary.replace(path)
    sync_directory(path.parent)


def sync_directory(folder: Path) -> None:
    """Make renames and new entries in ``folder`` durable (POSIX; Windows cannot open a folder
    for this and makes renames durable itself)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
