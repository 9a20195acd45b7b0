"""Pushing the local outbox to the central until it is empty, exactly once per event.

Why this order: events are marked synced only after the central answered for their batch. If the
answer is lost (a crash, a dropped link, a timeout after the central committed), the same events
go again and the central counts them as duplicates, so every event is counted exactly once. The
source is anything with the three methods of :class:`OutboxSource` (the kiosk's reach log).
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sync.backoff import backoff_delay
from sync.errors import BatchTooLargeError, RetryableSyncError
from sync.protocol import MAX_BATCH_EVENTS, BatchResult

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 2_000
DEFAULT_MAX_ATTEMPTS = 5


class OutboxSource(Protocol):
    """The local side: unsynced events in order, a way to mark them, and how many are left."""

    def unsynced_batch(self, limit: int) -> list[dict[str, Any]]: ...

    def mark_synced(self, batch_id: str, uuids: Sequence[str]) -> None: ...

    def backlog(self) -> int: ...


class BatchPusher(Protocol):
    """The remote side (a :class:`sync.client.CentralClient`)."""

    def push_batch(self, events: Sequence[Mapping[str, Any]], batch_id: str) -> BatchResult: ...


@dataclass(frozen=True)
class PushReport:
    batches: int
    accepted: int
    duplicates: int
    retries: int
    backlog: int

    @property
    def pushed(self) -> int:
        return self.accepted + self.duplicates


def new_batch_id() -> str:
    return str(uuid.uuid4())


def push_outbox(
    source: OutboxSource,
    client: BatchPusher,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
    random_fraction: Callable[[], float] = random.random,
    should_stop: Callable[[], bool] = lambda: False,
) -> PushReport:
    """Push batches until the outbox is empty (or ``should_stop``); what was done.

    A retryable failure is retried for the same batch (same events, same batch id) after a
    jittered backoff, at most ``max_attempts`` times in a row; then, and on any fatal failure,
    the error is raised with nothing marked that the central did not confirm.
    """
    if not 1 <= batch_size <= MAX_BATCH_EVENTS:
        raise ValueError(f"batch_size must be 1..{MAX_BATCH_EVENTS}, got {batch_size}")
    batches = accepted = duplicates = retries = 0
    while not should_stop():
        events = source.unsynced_batch(batch_size)
        if not events:
            break
        batch_id = new_batch_id()
        failures = 0
        while True:
            try:
                result = client.push_batch(events, batch_id)
                break
            except BatchTooLargeError:
                if batch_size == 1:
                    raise
                batch_size = max(1, batch_size // 2)
                log.info("batch over the size limit; sending %d events at a time", batch_size)
                result = None
                break
            except RetryableSyncError as exc:
                failures += 1
                if failures >= max_attempts:
                    raise
                retries += 1
                delay = backoff_delay(failures, random_fraction(), retry_after=exc.retry_after)
                log.info("sync failed (%s); retry %d in %.1fs", exc, failures, delay)
                sleep(delay)
        if result is None:
            continue
        source.mark_synced(batch_id, [str(event["uuid"]) for event in events])
        batches += 1
        accepted += result.accepted
        duplicates += result.duplicates
    return PushReport(batches, accepted, duplicates, retries, source.backlog())
