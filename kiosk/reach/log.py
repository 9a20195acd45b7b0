"""The anonymous reach log: counts of what visitors did, never who they are.

Why a single writer thread (kiosk.reach.writer): SQLite allows one writer at a time and a durable
commit (synchronous=FULL) waits for the disk. The UI hands events to :meth:`ReachLog.submit` and
goes on; the writer commits them in order, in groups. :meth:`ReachLog.record` waits for the commit,
so when it returns the event survives a power cut.

Every event gets its device sequence number inside the transaction that inserts it, from a
counter that only grows, so numbers are never reused, whatever happens to the process or to the
clock. The wall clock gives only the local date and hour bucket; the sequence orders events.

The sync client reads the backlog with :meth:`ReachLog.unsynced_batch` and, once the central
endpoint has acknowledged a batch, calls :meth:`ReachLog.mark_synced`; both run on the writer.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypedDict, TypeVar, Unpack

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.codes import (
    LANGUAGE_CODE,
    TOPIC_ID,
    content_version_problem,
    device_problem,
    matches,
    site_problem,
)
from kiosk.errors import InvalidEventError
from kiosk.reach.receipt import Receipt
from kiosk.reach.store import WIRE_FIELDS as WIRE_FIELDS  # the agreed wire shape, re-exported
from kiosk.reach.store import hand_out, mark
from kiosk.reach.store import insert_events as insert_events  # for work in a writer transaction
from kiosk.reach.vocabulary import (
    BC_REGIONS,
    CHANNELS,
    EVENT_KINDS,
    MAX_QUANTITY,
    SECTORS,
    STREAMS,
)
from kiosk.reach.writer import Row, Writer
from kiosk.storage.database import Database
from kiosk.storage.schema import ReachCounter, ReachEvent

T = TypeVar("T")
Clock = Callable[[], datetime]

# A batch id the central acknowledged: a code, never a sentence (the central sends a uuid).
BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DEFAULT_BATCH = 500


class EventDetails(TypedDict, total=False):
    """What the caller says about an event; the log adds where, when and which content."""

    channel: str
    language: str | None
    topic: str | None
    quantity: int
    assisted: bool
    region: str | None
    sector: str | None
    stream: str | None


DEFAULT_DETAILS: EventDetails = {
    "channel": "kiosk",
    "language": None,
    "topic": None,
    "quantity": 1,
    "assisted": False,
    "region": None,
    "sector": None,
    "stream": None,
}


def local_now() -> datetime:
    """The local wall-clock time, aware of its offset."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class ReachContext:
    """What every event of this device carries: where it was counted and with which content."""

    site: str
    device: str
    content_version: str | None = None

    def __post_init__(self) -> None:
        # The protocol's rules (kiosk.codes): an event logged here is one the central accepts.
        problem = site_problem(self.site) or device_problem(self.device)
        if problem is None and self.content_version is not None:
            problem = content_version_problem(self.content_version)
        if problem is not None:
            raise InvalidEventError(problem)


class ReachLog:
    """Appends anonymous events to the local database through one writer thread."""

    def __init__(self, database: Database, context: ReachContext, clock: Clock = local_now):
        self._database = database
        self._context = context
        self._clock = clock
        self._writer = Writer(database.engine, insert_events)

    @property
    def database(self) -> Database:
        return self._database

    @property
    def content_version(self) -> str | None:
        return self._context.content_version

    def use_content_version(self, version: str | None) -> None:
        """Events from now on carry ``version``: a newer content pack is on screen."""
        self._context = replace(self._context, content_version=version)

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def waiting_for_disk(self) -> int:
        """Events kept in memory because the disk refused them (full or read-only)."""
        return self._writer.waiting_for_disk

    def submit(self, kind: str, **details: Unpack[EventDetails]) -> Receipt:
        """Queue an event for the writer and return at once; the receipt gives its uuid.

        The event is validated and its hour bucket taken now, on the caller's thread, so a bad
        event fails where it was made and a slow disk cannot move an event into the next hour.
        If the disk is full the event waits in memory and is written once it can be.
        """
        return self._writer.append(self.build(kind, **details), keep=True)

    def record(self, kind: str, **details: Unpack[EventDetails]) -> str:
        """Write an event and return its uuid once it is durably on disk.

        Raises StorageError (DiskFullError, ReadOnlyStorageError) if it cannot be; nothing of the
        event is kept then, so the caller may simply try again.
        """
        return self._writer.append(self.build(kind, **details), keep=False).result()

    def build(
        self,
        kind: str,
        *,
        local_date: date | None = None,
        session_id: int | None = None,
        **details: Unpack[EventDetails],
    ) -> Row:
        """A validated event row (without its sequence number, given at insert time).

        ``local_date`` overrides the clock's date, for an outreach session held on another day.
        """
        event: dict[str, Any] = {**DEFAULT_DETAILS, **details}
        problem = _problem(kind, event)
        if problem is not None:
            raise InvalidEventError(problem)
        now = self._clock()
        return {
            "uuid": str(uuid.uuid4()),
            "site": self._context.site,
            "device": self._context.device,
            "kind": kind,
            **event,
            "local_date": (local_date or now.date()).isoformat(),
            "hour_bucket": now.hour,
            "content_version": self._context.content_version,
            "session_id": session_id,
        }

    def transaction(self, work: Callable[[Session], T]) -> Future[T]:
        """Run ``work`` on the writer thread in one durable transaction (see kiosk.reach.writer).

        Inside it, :func:`insert_events` on ``session.connection()`` adds events atomically with
        whatever else ``work`` changes.
        """
        return self._writer.call(work)

    def count(self, kind: str | None = None) -> int:
        """How many events (summing quantities) the log holds, of one kind or all."""
        query = select(func.coalesce(func.sum(ReachEvent.quantity), 0))
        if kind is not None:
            query = query.where(ReachEvent.kind == kind)
        with self._database.sessions() as session:
            return int(session.scalar(query) or 0)

    def backlog(self) -> int:
        """How many events are not acknowledged by the central endpoint yet.

        Read from the counter the database's triggers keep, not counted: it is asked for often
        (the admin screen, the sync client) and a million-row count is not free.
        """
        query = select(ReachCounter.value).where(ReachCounter.name == "unsynced")
        with self._database.engine.connect() as connection:
            return int(connection.scalar(query) or 0)

    def unsynced_batch(self, limit: int = DEFAULT_BATCH, after: int = 0) -> list[dict[str, Any]]:
        """The oldest unsynced events (by sequence), at most ``limit``, in the wire shape; only
        those numbered above ``after`` (a push that already holds the events before it).

        The rows are durably marked as handed out before this returns: from then on they may be
        counted centrally, so they are never deleted or replaced (an outreach session holding
        them is locked). Calling again before :meth:`mark_synced` returns the same events, so a
        failed push is simply retried.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        return self.transaction(
            lambda session: hand_out(session.connection(), limit, after)
        ).result()

    def mark_synced(self, batch_id: str, uuids: Iterable[str]) -> int:
        """Durably record that the central endpoint accepted ``uuids`` in batch ``batch_id``.

        Returns how many events changed from unsynced to synced; events already synced keep
        their first batch id, so a replayed acknowledgement changes nothing.
        """
        _check(matches(BATCH_ID, batch_id), f"batch id must be a short code, got {batch_id!r}")
        wanted = list(dict.fromkeys(uuids))
        return self.transaction(
            lambda session: mark(session.connection(), batch_id, wanted)
        ).result()

    def close(self) -> None:
        """Finish every queued write, then stop the writer thread."""
        self._writer.close()


def _problem(kind: str, event: dict[str, Any]) -> str | None:
    """What is wrong with an event, or None; cheap when nothing is (it runs for every event)."""
    if len(event) != len(DEFAULT_DETAILS):
        return f"unknown event fields: {', '.join(sorted(event.keys() - DEFAULT_DETAILS.keys()))}"
    channel, language, topic = event["channel"], event["language"], event["topic"]
    quantity, assisted = event["quantity"], event["assisted"]
    region, sector, stream = event["region"], event["sector"], event["stream"]
    if kind not in EVENT_KINDS:
        return f"unknown event kind {kind!r}"
    if channel not in CHANNELS:
        return f"unknown channel {channel!r}"
    if language is not None and not matches(LANGUAGE_CODE, language):
        return f"not a language code: {language!r}"
    if topic is not None and not matches(TOPIC_ID, topic):
        return f"not a topic id: {topic!r}"
    if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:
        return f"quantity must be 1..{MAX_QUANTITY}, got {quantity!r}"
    if type(assisted) is not bool:
        return f"assisted must be true or false, got {assisted!r}"
    if region is not None and region not in BC_REGIONS:
        return f"unknown region {region!r}"
    if sector is not None and sector not in SECTORS:
        return f"unknown sector {sector!r}"
    if stream is not None and stream not in STREAMS:
        return f"unknown stream {stream!r}"
    return None


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidEventError(message)
