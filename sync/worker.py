"""The device's background sync: push the outbox, then pull new content, whenever it can.

Runs on its own thread so neither a visitor nor the screens ever wait for the network. It tries
at once when started or woken (connectivity came back), then after a capped, jittered backoff
while the central is unreachable, and at a steady interval once the outbox is empty. After each
successful push it asks the central for newer content (:mod:`sync.content_pull`); a content
problem is reported but never holds up the counts. A refused token (401/403) stops it and says
so: retrying cannot fix that, an admin must re-enrol.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sync.backoff import backoff_delay
from sync.client import CentralClient
from sync.content_pull import ContentPuller
from sync.errors import AuthRefusedError, FatalSyncError, RetryableSyncError, describe_error
from sync.outbox import OutboxSource, push_outbox

log = logging.getLogger(__name__)

IDLE_INTERVAL_S = 300.0  # an empty outbox is checked again every five minutes
MAX_BACKOFF_S = 900.0  # an unreachable central is tried at least every fifteen minutes


@dataclass(frozen=True)
class SyncStatus:
    """What the admin screen shows. Times are wall-clock seconds (``time.time()``)."""

    enrolled: bool
    backlog: int = 0
    last_success: float | None = None
    last_error: str | None = None
    stopped: bool = False  # a refusal only an admin can fix (re-enrol)
    content_version: str | None = None  # the active pack's version, once known
    content_error: str | None = None  # why the central's newest pack is not in use, if it is not
    retry_at: float | None = None  # after a failed attempt: when the next one is due


class SyncWorker:
    """Pushes ``source`` to the central in the background; reports through ``on_status``."""

    def __init__(
        self,
        source: OutboxSource,
        central_url: str,
        token: str,
        *,
        ca_bundle: Path | None = None,
        on_status: Callable[[SyncStatus], None] = lambda _status: None,
        idle_interval: float = IDLE_INTERVAL_S,
        max_backoff: float = MAX_BACKOFF_S,
        allow_plain_http: bool = False,
        content: ContentPuller | None = None,
    ):
        self._source = source
        self._content = content
        self._client = CentralClient(
            central_url, token, ca_bundle=ca_bundle, allow_plain_http=allow_plain_http
        )
        self._on_status = on_status
        self._idle_interval = idle_interval
        self._max_backoff = max_backoff
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self.status = SyncStatus(enrolled=True, backlog=source.backlog())

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Try now (connectivity is back, or an admin asked)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop after the batch in flight; nothing unconfirmed is marked synced."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()
        self._client.close()

    @property
    def alive(self) -> bool:
        """Whether the sync thread is running (it ends only when stopped or refused)."""
        return self._thread.is_alive()

    def _run(self) -> None:
        if self._content is not None:
            try:
                self._publish(content_version=self._content.active_version())
            except Exception:
                log.exception("reading the active content version failed")
        failures = 0
        while not self._stop.is_set():
            delay = self._idle_interval
            try:
                self._round()
                failures = 0
            except AuthRefusedError as exc:
                log.error("sync stopped: the central refused this device's token (%s)", exc)
                self._publish(
                    last_error=str(exc), stopped=True, retry_at=None, backlog=self._backlog()
                )
                return
            except (RetryableSyncError, FatalSyncError) as exc:
                failures += 1
                delay = backoff_delay(failures, random.random(), cap=self._max_backoff)
                log.info("sync failed (%s); next try in %.0fs", exc, delay)
                self._failed(str(exc), delay)
            except Exception as exc:  # anything else: logged in full, and tried again later
                failures += 1
                delay = backoff_delay(failures, random.random(), cap=self._max_backoff)
                log.exception("sync attempt failed unexpectedly; next try in %.0fs", delay)
                self._failed(f"unexpected error: {describe_error(exc)}", delay)
            self._wake.wait(delay)
            self._wake.clear()

    def _round(self) -> None:
        """One attempt: push the outbox, then pull new content."""
        report = push_outbox(
            self._source, self._client, max_attempts=1, should_stop=self._stop.is_set
        )
        self._publish(
            backlog=report.backlog, last_success=time.time(), last_error=None, retry_at=None
        )
        if self._content is not None and not self._stop.is_set():
            pulled = self._content.pull(self._client)
            self._publish(content_version=pulled.active_version, content_error=pulled.error)

    def _failed(self, error: str, delay: float) -> None:
        try:
            self._publish(last_error=error, retry_at=time.time() + delay, backlog=self._backlog())
        except Exception:  # reporting must not end the thread either
            log.exception("reporting the sync status failed")

    def _backlog(self) -> int:
        """How many counts wait, or the last number known when the outbox cannot be read."""
        try:
            return self._source.backlog()
        except Exception as exc:
            log.warning("the outbox cannot be read: %s", describe_error(exc))
            return self.status.backlog

    def _publish(self, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self._on_status(self.status)
