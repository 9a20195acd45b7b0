"""Idempotent ingestion of a batch of events: insert what is new, compare what is known.

Why insert-then-compare in one transaction: a device retries a batch whenever it did not see the
answer (a lost reply, a timeout, a crash), so the central must count an event once however often
it arrives. Each uuid is unique in the table; ``INSERT ... ON CONFLICT DO NOTHING RETURNING``
tells which rows were new, and the rest are compared field by field with what is stored: the same
content is a harmless duplicate, other content under a known uuid is a conflict (ODK Central's
rule) and the whole batch is refused, writing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.central import models
from sync.protocol import EVENT_FIELDS, EventBatch

SELECT_CHUNK = 500


class IngestError(Exception):
    """A batch that must be refused as a whole; nothing of it is written."""


class ForeignDeviceError(IngestError):
    """Events claim to come from another device than the token's."""

    def __init__(self, device: str, uuids: Sequence[str]):
        self.uuids = list(uuids)
        super().__init__(
            f"this token belongs to device {device!r}, but {len(uuids)} event(s) name another "
            f"device; a device may only submit its own events"
        )


class ConflictError(IngestError):
    """Known uuids arrived with other content than was stored before."""

    def __init__(self, uuids: Sequence[str]):
        self.uuids = sorted(uuids)
        super().__init__(
            f"{len(self.uuids)} event uuid(s) are already stored with different content; "
            "an event may never change once sent"
        )


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int


def ingest(session: Session, batch: EventBatch, device: str, now: datetime) -> IngestResult:
    """Store ``batch`` for ``device`` inside the caller's transaction, or raise IngestError."""
    foreign = [event.uuid for event in batch.events if event.device != device]
    if foreign:
        raise ForeignDeviceError(device, foreign)

    unique: dict[str, dict[str, Any]] = {}
    conflicts: set[str] = set()
    for event in batch.events:
        row = event.model_dump()
        seen = unique.setdefault(event.uuid, row)
        if seen != row:
            conflicts.add(event.uuid)
    if conflicts:
        raise ConflictError(sorted(conflicts))
    repeats_in_batch = len(batch.events) - len(unique)

    received_hour = now.replace(minute=0, second=0, microsecond=0)
    rows = [
        {**row, "batch_id": batch.batch_id, "received_hour": received_hour}
        for row in unique.values()
    ]
    inserted = _insert_new(session, rows)
    known = [uuid for uuid in unique if uuid not in inserted]
    conflicts = set(_differing(session, known, unique))
    if conflicts:
        raise ConflictError(sorted(conflicts))

    session.execute(
        update(models.Device).where(models.Device.id == device).values(last_seen_at=now)
    )
    return IngestResult(accepted=len(inserted), duplicates=len(known) + repeats_in_batch)


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the rows whose uuid is not yet stored; the uuids actually inserted."""
    table = models.Base.metadata.tables[models.Event.__tablename__]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table).on_conflict_do_nothing(index_elements=["uuid"])
    elif dialect == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=["uuid"])
    else:  # pragma: no cover - normalise_url only lets these two through
        raise RuntimeError(f"unsupported database {dialect}")
    result = session.execute(statement.returning(table.c.uuid), rows)
    return set(result.scalars())


def _differing(
    session: Session, uuids: Sequence[str], sent: dict[str, dict[str, Any]]
) -> Iterable[str]:
    """The uuids among ``uuids`` whose stored content differs from what was sent now."""
    columns = [getattr(models.Event, name) for name in EVENT_FIELDS]
    for start in range(0, len(uuids), SELECT_CHUNK):
        chunk = uuids[start : start + SELECT_CHUNK]
        for stored in session.execute(select(*columns).where(models.Event.uuid.in_(chunk))):
            values = dict(zip(EVENT_FIELDS, stored, strict=True))
            if values != sent[values["uuid"]]:
                yield values["uuid"]
