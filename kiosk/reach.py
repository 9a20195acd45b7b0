"""The anonymous reach log: counts of what visitors did, never who they are.

Why a single writer thread: SQLite allows one writer at a time and a durable commit
(synchronous=FULL) waits for the disk. The UI hands events to :meth:`ReachLog.submit` and goes on;
the writer thread commits them in order. :meth:`ReachLog.record` waits for the commit, so when it
returns the event survives a power cut.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from kiosk.errors import InvalidEventError
from kiosk.schema import ReachEvent
from kiosk.storage import Database
from kiosk.vocabulary import CHANNELS, EVENT_KINDS, LANGUAGE_CODE, MAX_QUANTITY, TOPIC_ID

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """The local wall-clock time, aware of its offset."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class ReachContext:
    """What every event of this device carries: where it was counted and with which content."""

    site: str
    device: str
    content_version: str | None = None


class ReachLog:
    """Appends anonymous events to the local database through one writer thread."""

    def __init__(self, database: Database, context: ReachContext, clock: Clock = local_now):
        self._database = database
        self._context = context
        self._clock = clock
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reach-writer")

    def submit(
        self,
        kind: str,
        *,
        channel: str = "kiosk",
        language: str | None = None,
        topic: str | None = None,
        quantity: int = 1,
    ) -> Future[str]:
        """Queue an event for the writer and return at once; the future gives its uuid.

        The event is validated and its hour bucket taken now, on the caller's thread, so a bad
        event fails where it was made and a slow disk cannot move an event into the next hour.
        """
        event = self._build(kind, channel, language, topic, quantity)
        return self._writer.submit(self._write, event)

    def record(
        self,
        kind: str,
        *,
        channel: str = "kiosk",
        language: str | None = None,
        topic: str | None = None,
        quantity: int = 1,
    ) -> str:
        """Write an event and return its uuid once it is durably on disk."""
        future = self.submit(
            kind, channel=channel, language=language, topic=topic, quantity=quantity
        )
        return future.result()

    def count(self, kind: str | None = None) -> int:
        """How many events (summing quantities) the log holds, of one kind or all."""
        query = select(func.coalesce(func.sum(ReachEvent.quantity), 0))
        if kind is not None:
            query = query.where(ReachEvent.kind == kind)
        with self._database.sessions() as session:
            return int(session.scalar(query) or 0)

    def close(self) -> None:
        """Finish every queued write, then stop the writer thread."""
        self._writer.shutdown(wait=True)

    def _build(
        self, kind: str, channel: str, language: str | None, topic: str | None, quantity: int
    ) -> ReachEvent:
        if kind not in EVENT_KINDS:
            raise InvalidEventError(f"unknown event kind {kind!r}")
        if channel not in CHANNELS:
            raise InvalidEventError(f"unknown channel {channel!r}")
        if language is not None and not LANGUAGE_CODE.match(language):
            raise InvalidEventError(f"not a language code: {language!r}")
        if topic is not None and not TOPIC_ID.match(topic):
            raise InvalidEventError(f"not a topic id: {topic!r}")
        if not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidEventError(f"quantity must be 1..{MAX_QUANTITY}, got {quantity}")
        now = self._clock()
        return ReachEvent(
            uuid=str(uuid.uuid4()),
            site=self._context.site,
            device=self._context.device,
            channel=channel,
            kind=kind,
            language=language,
            topic=topic,
            quantity=quantity,
            local_date=now.date().isoformat(),
            hour_bucket=now.hour,
            content_version=self._context.content_version,
        )

    def _write(self, event: ReachEvent) -> str:
        with self._database.sessions.begin() as session:
            session.add(event)
        return event.uuid
