"""Installed content packs: install from a folder or zip, switch atomically, remember refusals.

Layout under the data folder::

    packs/
      bc-orientation-2026.12.0/   a complete, checked pack (never changed once in place)
      active                      one line: the folder name of the pack in use
      refused.json                the last refused pack: where from, when, every reason

Why this shape: a pack is unpacked into a temporary folder beside its final place, checked in
full (signature, manifest, content), and only then renamed into place; the ``active`` pointer
is replaced with ``os.replace``. A crash at any moment leaves either the old pack or the new one
active, never a mixture, and a refused pack changes nothing but ``refused.json``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.codes import NAME_PART as PACK_ID_PART
from kiosk.durable_files import sync_directory, write_text_atomically
from kiosk.errors import ContentError
from kiosk.packs.files import extract_zip, list_files
from kiosk.packs.load import default_pack_root, inspect_embedded
from kiosk.packs.manifest import TrustedKey, trusted_keys
from kiosk.packs.meta import version_key
from kiosk.packs.model import Pack
from kiosk.packs.problems import PackRefusedError, Problem
from kiosk.packs.validate import Inspection, inspect_pack

if TYPE_CHECKING:
    from kiosk.config import Settings

PACKS_FOLDER = "packs"
ACTIVE = "active"
REFUSED = "refused.json"
INSTALLED_NAME = re.compile(rf"^{PACK_ID_PART}-\d+(\.\d+){{0,3}}$")  # <pack id>-<version>
KEEP_INSTALLED = 2  # the active pack and the one before it

log = logging.getLogger(__name__)

_install_lock = threading.Lock()


@dataclass(frozen=True)
class ActivePack:
    """The pack in use, where it came from and who signed it (for the admin screen)."""

    pack: Pack
    origin: str  # "shipped" or "installed"
    location: str
    signer: str | None = None


@dataclass(frozen=True)
class Refusal:
    """The last pack refused: where it came from, when, and every reason."""

    source: str
    refused_at: str
    problems: tuple[str, ...]


class PackStore:
    """The packs installed in one data folder, and which of them (or the shipped one) is active."""

    def __init__(
        self, data_dir: Path, keys: Sequence[TrustedKey] = (), *, allow_unsigned: bool = False
    ):
        self.folder = data_dir / PACKS_FOLDER
        self.keys = tuple(keys)
        self.allow_unsigned = allow_unsigned

    @classmethod
    def from_settings(cls, settings: Settings) -> PackStore:
        """The store of the configured data folder, trusting the shipped and configured keys.

        The one place settings become a store: the windows, sync, the self-check and the
        commands all check packs against the same keys."""
        return cls(
            settings.resolved_data_dir(),
            trusted_keys(settings.trusted_keys),
            allow_unsigned=settings.allow_unsigned_packs,
        )

    # -- reading -------------------------------------------------------------------------

    def active_name(self) -> str | None:
        """The folder name the ``active`` pointer names, if it names a sensible one."""
        try:
            name = (self.folder / ACTIVE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):  # none yet, or the data folder is unusable
            return None
        return name if INSTALLED_NAME.match(name) else None

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Changes whenever the active pointer is switched; cheap enough to poll."""
        try:
            status = (self.folder / ACTIVE).stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_ino)

    def active(self) -> ActivePack:
        """The pack to show: the installed active one if it still checks out, else the shipped.

        An installed pack that fails its check at start (damaged disk, key no longer trusted)
        is recorded as refused and the shipped pack is used. When even the shipped pack is
        damaged, PackRefusedError says why: the kiosk must not show damaged content.
        """
        name = self.active_name()
        if name is not None:
            folder = self.folder / name
            inspection = self._inspect(folder, lint=False)  # fully checked when installed
            if inspection.pack is not None:
                return ActivePack(inspection.pack, "installed", str(folder), _signer(inspection))
            self.record_refusal(f"{folder} (installed pack, checked at start)", inspection.problems)
        inspection = inspect_embedded(self.keys, lint=False)
        if inspection.pack is None:
            raise PackRefusedError(inspection.problems, source="shipped with the application")
        return ActivePack(inspection.pack, "shipped", str(default_pack_root()), _signer(inspection))

    def last_refusal(self) -> Refusal | None:
        try:
            data = json.loads((self.folder / REFUSED).read_text(encoding="utf-8"))
            return Refusal(data["source"], data["refused_at"], tuple(data["problems"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # -- changing ------------------------------------------------------------------------

    def install(self, source: Path, *, allow_downgrade: bool = False) -> ActivePack:
        """Check the pack at ``source`` (folder or .zip) and make it the active one.

        On any problem nothing changes but the refusal record, and PackRefusedError lists every
        reason.
        """
        with _install_lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = self.folder / f".incoming-{uuid.uuid4().hex}"
            staging.mkdir()
            try:
                inspection = self._check(source, staging, allow_downgrade)
                problems = inspection.problems
                if problems or inspection.pack is None:
                    self.record_refusal(str(source), problems)
                    raise PackRefusedError(problems, source=str(source))
                pack = inspection.pack
                final = self.folder / f"{pack.id}-{pack.version}"
                _sync_tree(staging)
                _move_into_place(staging, final)
                self._point_to(final.name)
                self._forget_refusal()
                self._prune()
                return ActivePack(pack, "installed", str(final), _signer(inspection))
            finally:
                if staging.exists():
                    shutil.rmtree(staging, ignore_errors=True)

    def record_refusal(self, source: str, problems: Sequence[Problem]) -> None:
        """Remember why a pack was refused, for the admin screen (written atomically)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "source": source,
            "refused_at": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z"),
            "problems": [str(problem) for problem in problems],
        }
        write_text_atomically(self.folder / REFUSED, json.dumps(record, indent=2) + "\n")

    def use_shipped(self) -> None:
        """Go back to the pack shipped with the application."""
        with contextlib.suppress(FileNotFoundError):
            (self.folder / ACTIVE).unlink()

    # -- internals -----------------------------------------------------------------------

    def _inspect(self, folder: Traversable, *, lint: bool = True) -> Inspection:
        return inspect_pack(
            folder,
            keys=self.keys,
            require_signature=not self.allow_unsigned,
            require_manifest=True,
            lint=lint,
        )

    def _check(self, source: Path, staging: Path, allow_downgrade: bool) -> Inspection:
        """Unpack or copy ``source`` into ``staging`` and check it in full.

        Any failure to read the pack is one of its problems: a pack from a USB stick or the
        network may be damaged in ways no check foresaw, and it must then be refused with the
        reason recorded, never crash whoever is installing it.
        """
        try:
            problems = self._stage(source, staging)
            if problems:
                return Inspection(problems=problems)
            inspection = self._inspect(staging)
            if inspection.pack is not None and not inspection.problems:
                version = self._version_problems(inspection.pack, allow_downgrade)
                if version:
                    return Inspection(problems=version)
            return inspection
        except Exception as exc:  # the pack is refused, and the log keeps the trace
            log.exception("reading the pack %s failed", source)
            return Inspection(problems=[Problem("", f"cannot be read: {_describe(exc)}")])

    def _stage(self, source: Path, staging: Path) -> list[Problem]:
        if source.is_file() and source.suffix.lower() == ".zip":
            return extract_zip(source, staging)
        if source.is_dir():
            _files, problems = list_files(source)
            if problems:
                return problems
            shutil.copytree(source, staging, symlinks=True, dirs_exist_ok=True)
            return []
        if not source.exists():
            return [Problem("", f"{source} does not exist")]
        return [Problem("", f"{source} is neither a pack folder nor a .zip of one")]

    def _version_problems(self, pack: Pack, allow_downgrade: bool) -> list[Problem]:
        if allow_downgrade:
            return []
        try:
            current = self.active().pack
        except ContentError:
            return []
        if current.id == pack.id and version_key(pack.version) <= version_key(current.version):
            return [
                Problem(
                    "pack.toml",
                    f"version {pack.version} is not newer than the active {current.version}",
                )
            ]
        return []

    def _point_to(self, name: str) -> None:
        write_text_atomically(self.folder / ACTIVE, name + "\n")

    def _forget_refusal(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / REFUSED).unlink()

    def _prune(self) -> None:
        installed = sorted(
            (entry for entry in self.folder.iterdir() if INSTALLED_NAME.match(entry.name)),
            key=lambda entry: entry.stat().st_mtime_ns,
            reverse=True,
        )
        active = self.active_name()
        keep = {active, *(entry.name for entry in installed[:KEEP_INSTALLED])}
        for entry in installed:
            if entry.name not in keep and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
        for entry in self.folder.glob(".incoming-*"):
            shutil.rmtree(entry, ignore_errors=True)


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _signer(inspection: Inspection) -> str | None:
    if inspection.signer is None:
        return None
    return f"{inspection.signer.fingerprint} ({inspection.signer.origin})"


def _move_into_place(staging: Path, final: Path) -> None:
    """Rename the checked pack into place; an older copy of the same version is replaced."""
    if final.exists():
        old = final.with_name(f".incoming-old-{uuid.uuid4().hex}")
        final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(final)
    sync_directory(final.parent)


def _sync_tree(folder: Path) -> None:
    """Make the unpacked files durable before the pack is switched to."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    sync_directory(folder)
