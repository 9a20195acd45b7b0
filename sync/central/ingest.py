"""Idempotent ingestion of a batch of events: insert what is new, compare what is known.

Why insert-then-compare in one transaction: a device retries a batch whenever it did not see the
answer (a lost reply, a timeout, a crash), so the central must count an event once however often
it arrives. Each uuid is unique in the table. The batch goes in with one ``INSERT ... ON CONFLICT
(uuid) DO NOTHING`` executemany, whose row count says how many events were new; when that is all
of them (the usual case) nothing more is read. Otherwise every stored row of the batch is read
back and compared field by field: the same content is a harmless duplicate, other content under a
known uuid is a conflict (ODK Central's rule) and the whole batch is refused, writing nothing.
Two transactions racing with the same uuid cannot both store it: the second waits for the first
and skips the row, then finds it in the comparison. The events this transaction really inserted,
and only those, are added to the reach rollups in the same transaction (``sync.central.rollups``).

Which site an event counts for is the central's to say, not the device's: every event is stored
under the site the device is enrolled for when it arrives. A kiosk may run for weeks before it
is enrolled, and its events name its default site; and an enrolled device must not be able to
add counts to another site. The comparison of a known uuid ignores the site, so a batch retried
after the device moved to another site is still a duplicate and keeps the site it was counted at.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sync.central import models, rollups
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


def ingest(
    session: Session, batch: EventBatch, device: str, site: str, now: datetime
) -> IngestResult:
    """Store ``batch`` for ``device``, enrolled at ``site``, inside the caller's transaction, or
    raise IngestError."""
    foreign = [event.uuid for event in batch.events if event.device != device]
    if foreign:
        raise ForeignDeviceError(device, foreign)

    unique: dict[str, tuple[Any, ...]] = {}
    conflicts: set[str] = set()
    for event in batch.events:
        values = _wire_values(event)
        values = (*values[:SITE], site, *values[SITE + 1 :])
        if unique.setdefault(event.uuid, values) != values:
            conflicts.add(event.uuid)
    if conflicts:
        raise ConflictError(sorted(conflicts))

    received_hour = now.replace(minute=0, second=0, microsecond=0)
    common = {"batch_id": batch.batch_id, "received_hour": received_hour}
    marker = rollups.insert_marker(session)
    rows = list(unique.values())
    accepted = _insert_new(session, rows, common)
    if accepted < len(unique):
        # Some uuids were known: compare every stored row of the batch with what was sent (the
        # rows inserted just now match trivially).
        stored = _stored(session, list(unique))
        conflicts = {
            uuid for uuid, values in stored if _but_site(values) != _but_site(unique[uuid])
        }
        if conflicts:
            raise ConflictError(sorted(conflicts))
        new = rollups.inserted_uuids(session, list(unique), marker) if accepted else set()
        rows = rollups.rows_of(rows, new)
        if len(rows) != accepted:
            raise RuntimeError(f"inserted {accepted} events but found {len(rows)} of them")
    rollups.add_events(session, rows)
    session.execute(
        update(models.Device).where(models.Device.id == device).values(last_seen_at=now)
    )
    return IngestResult(accepted=accepted, duplicates=len(batch.events) - accepted)


_wire_values = operator.attrgetter(*EVENT_FIELDS)
SITE = EVENT_FIELDS.index("site")


def _but_site(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return values[:SITE] + values[SITE + 1 :]


def _stored(session: Session, uuids: Sequence[str]) -> Iterable[tuple[str, tuple[Any, ...]]]:
    """The events among ``uuids`` already stored, with their content as sent back then."""
    columns = [getattr(models.Event, name) for name in EVENT_FIELDS]
    for start in range(0, len(uuids), SELECT_CHUNK):
        chunk = uuids[start : start + SELECT_CHUNK]
        for values in session.execute(select(*columns).where(models.Event.uuid.in_(chunk))):
            yield values[0], tuple(values)


def _insert_new(session: Session, rows: list[tuple[Any, ...]], common: dict[str, Any]) -> int:
    """Insert those of ``rows`` (the wire fields, plus the ``common`` columns) whose uuid is not
    stored yet, in one executemany; how many were inserted.

    Straight to the driver: SQLAlchemy's per-value work would cost more than the database's own
    (see bench/sync.py). Values still go through the column types' own bind processors, so they
    are stored exactly as SQLAlchemy stores and reads them; a column at a time, with ``map`` and
    ``zip``, which costs far less than building each row in Python. ``ON CONFLICT DO NOTHING``
    also settles races: of two transactions inserting one uuid, the second waits for the first
    and then skips the row, which the comparison then finds.
    """
    connection = session.connection()
    dialect = connection.dialect
    table = models.Base.metadata.tables[models.Event.__tablename__]

    def processor(name: str) -> Callable[[Any], Any] | None:
        return table.c[name].type.dialect_impl(dialect).bind_processor(dialect)

    columns: list[Iterable[Any]] = list(zip(*rows, strict=True))
    for index, name in enumerate(EVENT_FIELDS):
        if (process := processor(name)) is not None:
            columns[index] = map(process, columns[index])
    for name, value in common.items():
        process = processor(name)
        columns.append(itertools.repeat(process(value) if process else value, len(rows)))
    names = (*EVENT_FIELDS, *common)
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "
        f"VALUES ({', '.join([marker] * len(names))}) ON CONFLICT (uuid) DO NOTHING"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(statement, list(zip(*columns, strict=True)))
        # Both sqlite3 and psycopg sum the rows inserted over an executemany.
        return int(cursor.rowcount)
    finally:
        cursor.close()
