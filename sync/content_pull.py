"""Content updates on the device: fetch the central's newest pack, check it, install it.

Why this shape: the central only relays what the publisher signed. The device checks the
publisher's Ed25519 signature over the pack's id, version, sha256 and size with the keys it
trusts for packs (``resources/keys`` and the ``trusted_keys`` setting, the same keys that check
a pack's own ``manifest.sig``), checks the zip's sha256, and hands the zip to
:class:`kiosk.packs.store.PackStore`, which checks the pack itself and switches the ``active``
pointer atomically. Nothing else changes what is shown: a running kiosk notices the new pointer
(``PackStore.pointer_stamp``) and shows the new pack from the next visit.

What happens to what the central offers:

- nothing published (404), or not newer than the active pack: nothing to do;
- a download cut short or damaged (size or sha256 differ): tried again at the next sync;
- a signature no trusted key made, or a pack that fails its checks: refused. The refusal is
  recorded in the pack store, where the admin screen shows it, and its source names the
  manifest, so the same manifest is not downloaded again; another manifest (or another set of
  trusted keys) is tried afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from kiosk.errors import ContentError
from kiosk.packs.meta import version_key
from kiosk.packs.problems import PackRefusedError, Problem
from kiosk.packs.store import PACKS_FOLDER, PackStore
from sync.errors import (
    AuthRefusedError,
    FatalSyncError,
    RequestRefusedError,
    RetryableSyncError,
    describe_error,
)
from sync.protocol import ContentManifest
from sync.signing import public_key_text

log = logging.getLogger(__name__)

DOWNLOAD_PREFIX = ".download-"  # a zip on its way; one left by a crash is removed later
STALE_DOWNLOAD_S = 3600.0  # older than this, a download is no other process's work in progress
ENVELOPE = "manifest.sig"  # where a refused envelope signature is reported in the refusal


class ContentSource(Protocol):
    """The central's side (a :class:`sync.client.CentralClient`)."""

    base_url: str

    def manifest(self) -> ContentManifest | None: ...

    def download_pack(self, manifest: ContentManifest, publisher_key: str) -> bytes: ...


class Outcome(StrEnum):
    NOTHING_PUBLISHED = "nothing-published"
    CURRENT = "current"
    INSTALLED = "installed"
    REFUSED = "refused"
    REFUSED_BEFORE = "refused-before"  # this very manifest was refused already: not downloaded
    FAILED = "failed"  # a passing failure: tried again at the next sync


@dataclass(frozen=True)
class PullReport:
    """What one attempt did; ``active_version`` is the version in use after it."""

    outcome: Outcome
    active_version: str | None  # None only when no pack at all can be used
    offered: str | None = None
    detail: str | None = None

    @property
    def error(self) -> str | None:
        """Why the central's pack is not in use, when that is a problem worth showing."""
        if self.outcome in (Outcome.REFUSED, Outcome.REFUSED_BEFORE, Outcome.FAILED):
            return self.detail
        return None

    def describe(self) -> str:
        """One line for the command line."""
        active = f"active {self.active_version or 'none (no usable pack)'}"
        match self.outcome:
            case Outcome.NOTHING_PUBLISHED:
                return f"nothing published on the central; {active}"
            case Outcome.CURRENT:
                return f"up to date (central offers {self.offered}); {active}"
            case Outcome.INSTALLED:
                return f"installed {self.offered}; {active}"
            case Outcome.REFUSED:
                return f"refused {self.offered}: {self.detail}; {active}"
            case Outcome.REFUSED_BEFORE:
                return (
                    f"{self.offered} was refused before and is not downloaded again until the "
                    f"central offers another pack: {self.detail}; {active}"
                )
            case _ if self.offered is None:
                return f"could not check for new content (will try again): {self.detail}; {active}"
            case _:
                return (
                    f"could not update to {self.offered} (will try again): {self.detail}; {active}"
                )


class ContentPuller:
    """Brings the central's newest pack into ``store`` when it is newer than the active one."""

    def __init__(self, store: PackStore):
        self.store = store
        self.data_dir = store.folder.parent

    def active_version(self) -> str | None:
        try:
            return self.store.active().pack.version
        except ContentError as exc:  # even the shipped pack is damaged: the kiosk says so
            log.error("no usable content pack: %s", exc)
            return None
        except Exception:  # the pack store cannot be read at all: said, never a crash
            log.exception("the active content pack cannot be read")
            return None

    def pull(self, central: ContentSource) -> PullReport:
        """One attempt. Only a refused token (AuthRefusedError) is raised; the rest is reported."""
        offered: str | None = None
        try:
            self._remove_stale_downloads()
            active = self.store.active().pack
            manifest = central.manifest()
            if manifest is None:
                return PullReport(Outcome.NOTHING_PUBLISHED, active.version)
            offered = manifest.version
            return self._consider(central, manifest, active.id, active.version)
        except AuthRefusedError:
            raise
        except (RetryableSyncError, RequestRefusedError, ContentError, OSError) as exc:
            log.info("content update failed, will try again: %s", exc)
            return PullReport(Outcome.FAILED, self.active_version(), offered, str(exc))
        except Exception as exc:  # never holds up the counts; the log keeps the trace
            log.exception("content update failed unexpectedly, will try again")
            detail = f"unexpected error: {describe_error(exc)}"
            return PullReport(Outcome.FAILED, self.active_version(), offered, detail)

    def _consider(
        self, central: ContentSource, manifest: ContentManifest, active_id: str, active: str
    ) -> PullReport:
        offered = manifest.version
        if manifest.pack_id == active_id and version_key(offered) <= version_key(active):
            return PullReport(Outcome.CURRENT, active, offered)
        source = self._source(manifest, central.base_url)
        refusal = self.store.last_refusal()
        if refusal is not None and refusal.source == source:
            return PullReport(Outcome.REFUSED_BEFORE, active, offered, "; ".join(refusal.problems))
        if manifest.pack_id != active_id:
            return self._refuse(
                source,
                offered,
                Problem(
                    "pack.toml",
                    f"the central offers pack {manifest.pack_id!r}, "
                    f"but this device shows {active_id!r}",
                ),
            )
        data = self._download(central, manifest)
        if isinstance(data, Problem):
            return self._refuse(source, offered, data)
        return self._install(source, offered, data)

    def _download(self, central: ContentSource, manifest: ContentManifest) -> bytes | Problem:
        """The zip, checked with each trusted key in turn; a Problem when none signed it."""
        keys = self.store.keys
        if not keys:
            return Problem(
                ENVELOPE,
                "this device trusts no publisher key, so no pack from the central can be "
                "checked (add the publisher's key to the trusted_keys setting)",
            )
        for trusted in keys:
            try:
                return central.download_pack(manifest, public_key_text(trusted.key))
            except (RetryableSyncError, RequestRefusedError):
                raise  # damaged or cut short, or gone meanwhile: next time
            except FatalSyncError:
                continue  # not this key's signature (the download itself happens after)
        names = ", ".join(key.fingerprint for key in keys)
        return Problem(
            ENVELOPE,
            f"the central's pack {manifest.version} is not signed by a key this device "
            f"trusts ({names})",
        )

    def _install(self, source: str, offered: str, data: bytes) -> PullReport:
        folder = self.data_dir / PACKS_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=DOWNLOAD_PREFIX, suffix=".zip", dir=folder)
        path = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            try:
                installed = self.store.install(path)
            except PackRefusedError as exc:
                self.store.record_refusal(source, exc.problems)  # named after the manifest
                log.warning("content pack %s refused: %s", offered, exc)
                detail = "; ".join(str(problem) for problem in exc.problems)
                return PullReport(Outcome.REFUSED, self.active_version(), offered, detail)
        finally:
            path.unlink(missing_ok=True)
        log.info("content pack %s installed from the central", installed.pack.version)
        return PullReport(Outcome.INSTALLED, installed.pack.version, offered)

    def _refuse(self, source: str, offered: str, problem: Problem) -> PullReport:
        self.store.record_refusal(source, [problem])
        log.warning("content pack %s refused: %s", offered, problem)
        return PullReport(Outcome.REFUSED, self.active_version(), offered, str(problem))

    def _source(self, manifest: ContentManifest, central_url: str) -> str:
        """How a refusal names what was refused, exact enough to recognise it next time.

        The mark covers the manifest and what this device checks it with: a new manifest, a
        new trusted key or another unsigned-packs setting each deserve a fresh try.
        """
        digest = hashlib.sha256()
        for part in (
            manifest.signed,
            manifest.signature,
            *sorted(key.fingerprint for key in self.store.keys),
            str(self.store.allow_unsigned),
        ):
            digest.update(part.encode("utf-8") + b"\0")
        mark = digest.hexdigest()[:12]
        return f"{manifest.pack_id} {manifest.version} from {central_url} (manifest {mark})"

    def _remove_stale_downloads(self) -> None:
        """Zips left by a process that was killed; another process's download is left alone."""
        folder = self.data_dir / PACKS_FOLDER
        if not folder.is_dir():
            return
        now = time.time()
        for stale in folder.glob(DOWNLOAD_PREFIX + "*"):
            with contextlib.suppress(OSError):
                if now - stale.stat().st_mtime > STALE_DOWNLOAD_S:
                    stale.unlink()
