"""Pushing the local outbox to the central until it is empty, exactly once per event.

Why this order: events are marked synced only after the central answered for their batch. If the
answer is lost (a crash, a dropped link, a timeout after the central committed), the same events
go again and the central counts them as duplicates, so every event is counted exactly once. The
source is anything with the three methods of :class:`OutboxSource` (the kiosk's reach log).

One request is in flight at a time, sent from a helper thread; meanwhile this thread marks the
previous batch and another one reads and encodes the batches to come (see :class:`_Reader`), so
the device's work overlaps the central's.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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
"""How many batches one read of the outbox fetches, within the two bounds below; the first read
fetches one batch only, so that the first request leaves as soon as it can."""
MIN_READ_EVENTS = 2_000
MAX_READ_EVENTS = 16_000
QUEUED_BATCHES = 2
"""Encoded batches waiting to be sent, besides the one in flight."""


class OutboxSource(Protocol):
    """The local side: unsynced events, a way to mark them, and how many are left."""

    def unsynced_batch(self, limit: int, after: int = 0) -> list[dict[str, Any]]:
        """The oldest unsynced events numbered (``seq``) above ``after``, oldest first."""
        ...

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
    batches = accepted = duplicates = 0
    flying: Prepared | None = None
    answer: Future[BatchResult] | None = None
    with (
        _Reader(source, client, batch_size, should_stop) as reader,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as network,
    ):
        while True:
            upcoming = None if should_stop() else reader.next_batch()
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


_DONE = object()
"""What the reader queues after the last batch."""


class _Reader:
    """Reads and encodes batches on a thread of its own, a few batches ahead of the sending.

    Why a thread: reading the outbox (a durable transaction that marks the rows handed out) and
    encoding a batch cost the device about as much as storing it costs the central. Done in
    between two requests, they left the central idle; done ahead, they overlap with the request
    in flight and with the marking of the one before. The outbox is read several batches at a
    time, each read after the last event the push already holds; the read-ahead events stay
    unsynced in the outbox, so a push that stops leaves them for the next one. The first read is
    one batch: until it is sent the central has nothing to do, and reading four batches first
    kept it idle 140-240 ms of a 4-second push of bench/sync.py, one batch 50-100 ms.
    """

    def __init__(
        self,
        source: OutboxSource,
        client: BatchSender,
        batch_size: int,
        should_stop: Callable[[], bool],
    ):
        self._source = source
        self._client = client
        self._limit = batch_size
        self._should_stop = should_stop
        self._ready: queue.Queue[Any] = queue.Queue(maxsize=QUEUED_BATCHES)
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-read", daemon=True)

    def __enter__(self) -> _Reader:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._closed.set()  # a reader waiting on a full queue sees it within one put timeout
        self._thread.join()

    def next_batch(self) -> Prepared | None:
        """The next batch to send, or None when all is sent; the reader's failure, raised."""
        item = self._ready.get()
        if isinstance(item, BaseException):
            self._ready.put(item)  # asked again, it fails again
            raise item
        if item is _DONE:
            self._ready.put(item)
            return None
        prepared: Prepared = item
        return prepared

    def _run(self) -> None:
        try:
            after = 0
            wanted = self._limit
            while not self._closed.is_set() and not self._should_stop():
                events = self._source.unsynced_batch(wanted, after=after)
                if not events:
                    break  # every unsynced event is queued or sent
                after = max(int(event["seq"]) for event in events)
                wanted = min(
                    max(self._limit * READ_AHEAD_BATCHES, MIN_READ_EVENTS), MAX_READ_EVENTS
                )
                for prepared in self._prepared(events):
                    if not self._put(prepared):
                        return
            self._put(_DONE)
        except BaseException as exc:  # handed to the pushing thread, which raises it
            self._put(exc)

    def _prepared(self, events: list[dict[str, Any]]) -> Iterator[Prepared]:
        """``events`` in batches, encoded; a batch over the body limit is made again at half
        the size (and so are the batches after it)."""
        position = 0
        while position < len(events):
            batch = events[position : position + self._limit]
            try:
                prepared: Prepared = self._client.prepare_batch(batch, new_batch_id())
            except BatchTooLargeError:
                if self._limit == 1:
                    raise
                self._limit = max(1, self._limit // 2)
                log.info("batch over the size limit; sending %d events at a time", self._limit)
                continue
            position += len(batch)
            yield prepared

    def _put(self, item: object) -> bool:
        """Queue ``item``, waiting while the queue is full; False once the push is over."""
        while not self._closed.is_set():
            try:
                self._ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                pass
        return False
