"""Idempotent ingestion of a batch of events: insert what is new, compare what is known.

Why insert-then-compare in one transaction: a device retries a batch whenever it did not see the
answer (a lost reply, a timeout, a crash), so the central must count an event once however often it
arrives. Each uuid is unique in the table. The batch goes in with one ``INSERT ... ON CONFLICT
(uuid) DO NOTHING`` executemany, whose row count says how many events were new; when that is all of
them (the usual case) nothing more is read. Otherwise every stored row of the batch is read back and
compared field by field: the same content is a harmless duplicate, other content under a known uuid
is a conflict (ODK Central's rule) and the whole batch is refused, writing nothing. Two transactions
racing with the same uuid cannot both store it: the second waits for the first and skips the row,
then finds it in the comparison. The events this transaction really inserted, and only those, are
added to the reach rollups in the same transaction (``sync.central.stats.rollups``).

Which site an event counts for is the central's to say, not the device's: every event is stored
under the site the device is enrolled for when it arrives. A kiosk may run for weeks before it
is enrolled, and its events name its default site; and an enrolled device must not be able to
add counts to another site. The comparison of a known uuid ignores the site, so a batch retried
after the device moved to another site is still a duplicate and keeps the site it was counted at.

Which day an event counts on is the device's to say, unless its clock cannot have been right: an
event dated before the project's epoch or more than a day after it arrives is stored and counted
on the day it arrived, with the date it carried kept beside (``sync.central.db.clock``). The
comparison of a known uuid uses the date as it was sent, so such an event sent again, on any
day, is still a duplicate.

It ignores the device too. Two kiosks installed from one disk image hold the same backlog, the
same events under the same uuids; the clone is refused the shared device id at enrolment, takes
a new one and sends that backlog under it (``kiosk.reach.store.hand_out``). Whichever of the two
sends an event first has it counted, for itself and at its site; from the other it is a
duplicate, counted once. Its content must still match, or it is a conflict like any other.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.reach.fields import EVENT_FIELDS
from sync.central.db import clock, models
from sync.central.stats import rollups
from sync.protocol import EventBatch

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
    events = batch.events
    if not events:
        return IngestResult(accepted=0, duplicates=0)
    # Column by column, from start to end: a sequence per field for the whole batch costs far
    # less than a tuple per event; the site the device is enrolled at replaces the one they name.
    columns = _columns(events)
    if any(named != device for named in set(columns[DEVICE])):
        pairs = zip(columns[UUID], columns[DEVICE], strict=True)
        raise ForeignDeviceError(device, [uuid for uuid, named in pairs if named != device])
    columns[SITE] = [site] * len(events)
    if len(set(columns[UUID])) < len(events):  # a uuid twice in one batch: only as a repeat
        columns = _without_repeats(columns)

    received_hour = now.replace(minute=0, second=0, microsecond=0)
    common = {"batch_id": batch.batch_id, "received_hour": received_hour}
    # Events whose clock cannot have been right count on the day they arrive (usually none).
    claimed = clock.claimed_dates(columns[LOCAL_DATE], now.date())
    counted = columns if claimed is None else _redated(columns, claimed, now.date())
    new = _insert_new(session, counted, common, claimed)
    if len(new) < len(columns[UUID]):
        # Some uuids were known: compare every stored row of the batch with what was sent (the
        # rows inserted just now match trivially).
        sent = dict(zip(columns[UUID], zip(*columns, strict=True), strict=True))
        stored = _stored(session, list(sent))
        conflicts = {uuid for uuid, values in stored if _content(values) != _content(sent[uuid])}
        if conflicts:
            raise ConflictError(sorted(conflicts))
        if claimed is None:
            counted = rollups.columns_of(counted, new)
        else:
            *counted, kept = rollups.columns_of([*counted, claimed], new)
            claimed = list(kept)
    rollups.add_events(session, counted, claimed)
    session.execute(
        update(models.Device).where(models.Device.id == device).values(last_seen_at=now)
    )
    return IngestResult(accepted=len(new), duplicates=len(batch.events) - len(new))


_FIELD_GETTERS = tuple(map(operator.attrgetter, EVENT_FIELDS))
SITE = EVENT_FIELDS.index("site")
UUID = EVENT_FIELDS.index("uuid")
DEVICE = EVENT_FIELDS.index("device")
LOCAL_DATE = EVENT_FIELDS.index("local_date")
_ATTRIBUTION = frozenset((SITE, DEVICE))
"""Fields the central decides when an event is first counted, not part of what happened."""


def _columns(events: Sequence[Any]) -> list[Sequence[Any]]:
    """The events' values, a sequence per field of the protocol, in its order."""
    return [list(map(getter, events)) for getter in _FIELD_GETTERS]


def _without_repeats(columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """The batch's columns with each uuid once; a uuid sent twice with different content is a
    conflict."""
    unique: dict[str, tuple[Any, ...]] = {}
    conflicts: set[str] = set()
    for values in zip(*columns, strict=True):
        if unique.setdefault(values[UUID], values) != values:
            conflicts.add(values[UUID])
    if conflicts:
        raise ConflictError(sorted(conflicts))
    return list(zip(*unique.values(), strict=True))


def _content(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """What must match for a known uuid to be a duplicate: everything but site and device."""
    return tuple(value for index, value in enumerate(values) if index not in _ATTRIBUTION)


def _redated(
    columns: list[Sequence[Any]], claimed: Sequence[date | None], arrival: date
) -> list[Sequence[Any]]:
    """``columns`` with the date of each event whose ``claimed`` date is set moved to
    ``arrival``."""
    dates = [
        day if wrong is None else arrival
        for day, wrong in zip(columns[LOCAL_DATE], claimed, strict=True)
    ]
    return [*columns[:LOCAL_DATE], dates, *columns[LOCAL_DATE + 1 :]]


def _stored(session: Session, uuids: Sequence[str]) -> Iterable[tuple[str, tuple[Any, ...]]]:
    """The events among ``uuids`` already stored, with their content as sent back then (a
    re-dated event's date as the device wrote it)."""
    columns: list[Any] = [getattr(models.Event, name) for name in EVENT_FIELDS]
    columns[LOCAL_DATE] = func.coalesce(models.Event.claimed_date, models.Event.local_date)
    for start in range(0, len(uuids), SELECT_CHUNK):
        chunk = uuids[start : start + SELECT_CHUNK]
        for values in session.execute(select(*columns).where(models.Event.uuid.in_(chunk))):
            yield values[0], tuple(values)


def _insert_new(
    session: Session,
    columns: list[Sequence[Any]],
    common: dict[str, Any],
    claimed: Sequence[date | None] | None = None,
) -> set[str]:
    """Insert those events (``columns``: the wire fields, a sequence each, plus the ``common``
    columns, and the ``claimed`` dates of re-dated events if there are any) whose uuid is not
    stored yet; the uuids of those inserted.

    ``ON CONFLICT (uuid) DO NOTHING ... RETURNING uuid`` names exactly the rows this
    transaction added, which are the ones the rollups must count. It also settles races: of two
    transactions inserting one uuid, the second waits for the first and then skips the row,
    which the comparison then finds.
    """
    rows = [
        dict(zip(EVENT_FIELDS, values, strict=True), **common)
        for values in zip(*columns, strict=True)
    ]
    if claimed is not None:
        for row, day in zip(rows, claimed, strict=True):
            row["claimed_date"] = day
    table = models.Base.metadata.tables[models.Event.__tablename__]
    connection = session.connection()
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = (
        dialect_insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.uuid])
        .returning(table.c.uuid)
    )
    return set(connection.execute(statement, rows).scalars())
