"""Pushing the local outbox to the central until it is empty, exactly once per event.

Why this order: events are marked synced only after the central answered for their batch. If the
answer is lost (a crash, a dropped link, a timeout after the central committed), the same events
go again and the central counts them as duplicates, so every event is counted exactly once. The
source is anything with the three methods of :class:`OutboxSource` (the kiosk's reach log).

One request is in flight at a time, sent from a helper thread; meanwhile this thread reads and
encodes the next batch and marks the previous one, so the device's work overlaps the central's.
The outbox is read several batches at a time (see :class:`_ReadAhead`).
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.backoff import backoff_delay
from sync.errors import BatchTooLargeError, RetryableSyncError
from sync.protocol import MAX_BATCH_EVENTS, BatchResult

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 4_000
"""Events per request. Each request costs the central a durable commit and the device a durable
mark, so bigger batches drain a backlog faster (bench/sync.py: about a fifth faster than 2,000);
4,000 typical events are some 1.3 MB of JSON (130 KB gzip), inside the protocol's 2 MiB, and a
batch of unusually long events is halved by the loop below."""
DEFAULT_MAX_ATTEMPTS = 5
READ_AHEAD_BATCHES = 4
"""How many batches one read of the outbox fetches, within the two bounds below."""
MIN_READ_EVENTS = 2_000
MAX_READ_EVENTS = 16_000


class OutboxSource(Protocol):
    """The local side: unsynced events, a way to mark them, and how many are left."""

    def unsynced_batch(self, limit: int) -> list[dict[str, Any]]: ...

    def mark_synced(self, batch_id: str, uuids: Sequence[str]) -> object: ...

    def backlog(self) -> int: ...


class Prepared(Protocol):
    batch_id: str
    uuids: list[str]


class BatchSender(Protocol):
    """The remote side (a :class:`sync.client.CentralClient`)."""

    def prepare_batch(self, events: Sequence[Mapping[str, Any]], batch_id: str) -> Any: ...

    def send_batch(self, batch: Any) -> BatchResult: ...


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


@dataclass
class _Retrying:
    """Sends one batch, retrying passing failures after a jittered backoff."""

    client: BatchSender
    max_attempts: int
    sleep: Callable[[float], None]
    random_fraction: Callable[[], float]
    retries: int = 0

    def send(self, batch: Prepared) -> BatchResult:
        failures = 0
        while True:
            try:
                return self.client.send_batch(batch)
            except RetryableSyncError as exc:
                failures += 1
                if failures >= self.max_attempts:
                    raise
                self.retries += 1
                delay = backoff_delay(failures, self.random_fraction(), retry_after=exc.retry_after)
                log.info("sync failed (%s); retry %d in %.1fs", exc, failures, delay)
                self.sleep(delay)


def push_outbox(
    source: OutboxSource,
    client: BatchSender,
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
    sender = _Retrying(client, max_attempts, sleep, random_fraction)
    reader = _ReadAhead(source, client, batch_size)
    batches = accepted = duplicates = 0
    flying: Prepared | None = None
    answer: Future[BatchResult] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as network:
        while True:
            upcoming = None if should_stop() else reader.next_batch(flying)
            if flying is not None and answer is not None:
                result = answer.result()  # a failure propagates: nothing of it gets marked
            if upcoming is not None:
                answer = network.submit(sender.send, upcoming)
            if flying is not None:
                source.mark_synced(flying.batch_id, flying.uuids)
                batches += 1
                accepted += result.accepted
                duplicates += result.duplicates
            if upcoming is None:
                break
            flying = upcoming
    return PushReport(batches, accepted, duplicates, sender.retries, source.backlog())


@dataclass
class _ReadAhead:
    """Reads the outbox several batches at a time and hands them out one batch at a time.

    Why: every read is a durable transaction on the device's database (it marks the rows handed
    out), and while a batch is in flight a read returns that batch's rows again (they are not
    marked synced yet) only for them to be skipped. Reading ``READ_AHEAD_BATCHES`` at once pays
    for both once per several batches. The events read ahead stay unsynced in the outbox: if the
    push stops, the next one reads them again.
    """

    source: OutboxSource
    client: BatchSender
    limit: int
    pending: list[dict[str, Any]] = field(default_factory=list)
    exhausted: bool = False

    def next_batch(self, flying: Prepared | None) -> Prepared | None:
        """The next batch to send (none of it in ``flying``), or None when all is sent; a batch
        over the body limit is made again at half the size."""
        while True:
            if not self.pending or (len(self.pending) < self.limit and not self.exhausted):
                self._read_more(flying)  # when all was read, still look for events logged since
            events = self.pending[: self.limit]
            if not events:
                return None
            try:
                prepared: Prepared = self.client.prepare_batch(events, new_batch_id())
            except BatchTooLargeError:
                if self.limit == 1:
                    raise
                self.limit = max(1, self.limit // 2)
                log.info("batch over the size limit; sending %d events at a time", self.limit)
                continue
            del self.pending[: len(events)]
            return prepared

    def _read_more(self, flying: Prepared | None) -> None:
        known = {str(event["uuid"]) for event in self.pending}
        if flying is not None:
            known.update(flying.uuids)
        wanted = min(max(self.limit * READ_AHEAD_BATCHES, MIN_READ_EVENTS), MAX_READ_EVENTS)
        # The oldest unsynced events come first: those in flight and those already read ahead.
        events = self.source.unsynced_batch(len(known) + wanted)
        self.exhausted = len(events) < len(known) + wanted
        self.pending.extend(event for event in events if str(event["uuid"]) not in known)
