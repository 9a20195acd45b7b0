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

import itertools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Date, Dialect, String, func, select, update
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
    marker = rollups.insert_marker(session)
    accepted = _insert_new(session, counted, common, claimed)
    if accepted < len(columns[UUID]):
        # Some uuids were known: compare every stored row of the batch with what was sent (the
        # rows inserted just now match trivially).
        sent = dict(zip(columns[UUID], zip(*columns, strict=True), strict=True))
        stored = _stored(session, list(sent))
        conflicts = {uuid for uuid, values in stored if _content(values) != _content(sent[uuid])}
        if conflicts:
            raise ConflictError(sorted(conflicts))
        new = rollups.inserted_uuids(session, list(sent), marker) if accepted else set()
        if claimed is None:
            counted = rollups.columns_of(counted, new)
        else:
            *counted, kept = rollups.columns_of([*counted, claimed], new)
            claimed = list(kept)
        if len(counted[UUID]) != accepted:
            raise RuntimeError(f"inserted {accepted} events but found {len(counted[UUID])}")
    rollups.add_events(session, counted, claimed)
    session.execute(
        update(models.Device).where(models.Device.id == device).values(last_seen_at=now)
    )
    return IngestResult(accepted=accepted, duplicates=len(batch.events) - accepted)


_FIELD_GETTERS = tuple(map(operator.attrgetter, EVENT_FIELDS))
SITE = EVENT_FIELDS.index("site")
UUID = EVENT_FIELDS.index("uuid")
DEVICE = EVENT_FIELDS.index("device")
LOCAL_DATE = EVENT_FIELDS.index("local_date")
_ATTRIBUTION = frozenset((SITE, DEVICE))
"""Fields the central decides when an event is first counted, not part of what happened."""


def _columns(events: Sequence[Any]) -> list[Sequence[Any]]:
    """The events' values, a sequence per field of the protocol, in its order.

    Read from each event's ``__dict__`` in one pass, where pydantic keeps a model's fields in
    their declared order: reading them as attributes goes through the model's ``__getattr__``
    hook and costs twice as much. Should a model's ``__dict__`` ever hold anything else, or in
    another order, the values are read as attributes.
    """
    if tuple(vars(events[0])) == EVENT_FIELDS:
        return list(zip(*[vars(event).values() for event in events], strict=True))
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
) -> int:
    """Insert those events (``columns``: the wire fields, a sequence each, plus the ``common``
    columns, and the ``claimed`` dates of re-dated events if there are any) whose uuid is not
    stored yet, in one executemany; how many were inserted.

    Straight to the driver: SQLAlchemy's per-value work would cost more than the database's own
    (see bench/sync.py). Values are converted as the column types' own bind processors convert
    them, so they are stored exactly as SQLAlchemy stores and reads them; a column at a time,
    which costs far less than building each row in Python. ``ON CONFLICT DO NOTHING`` also
    settles races: of two transactions inserting one uuid, the second waits for the first and
    then skips the row, which the comparison then finds.
    """
    connection = session.connection()
    dialect = connection.dialect
    table = models.Base.metadata.tables[models.Event.__tablename__]
    count = len(columns[0])
    sqlite = dialect.name == "sqlite"
    bound: list[Iterable[Any]] = []
    markers: list[str] = []
    names = list(EVENT_FIELDS)
    if claimed is not None:
        names.append("claimed_date")
        columns = [*columns, claimed]
    for name, values in zip(names, columns, strict=True):
        if sqlite:
            converted, marker = sqlite3_parameters(table.c[name], values, dialect)
        else:
            converted, marker = bind_column(table.c[name], values, dialect), "%s"
        bound.append(converted)
        markers.append(marker)
    for name, value in common.items():
        bound.append(itertools.repeat(bind_column(table.c[name], (value,), dialect)[0], count))
        markers.append("?" if sqlite else "%s")
    statement = (
        f"INSERT INTO {table.name} ({', '.join((*names, *common))}) "
        f"VALUES ({', '.join(markers)}) ON CONFLICT (uuid) DO NOTHING"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(statement, list(zip(*bound, strict=True)))
        # Both sqlite3 and psycopg sum the rows inserted over an executemany.
        return int(cursor.rowcount)
    finally:
        cursor.close()


def bind_column(column: Column[Any], values: Sequence[Any], dialect: Dialect) -> Sequence[Any]:
    """``values`` as the driver takes them, converted as ``column``'s type converts each value.

    On SQLite, the three types that need converting are converted for the whole column at once
    (tests/sync/central/test_ingest_columns.py checks that the result equals SQLAlchemy's own):
    a uuid's 16 bytes, a date's ISO text, a boolean's 0 or 1. Everything else goes through the
    type's bind processor, value by value. Only a nullable column's values are searched for
    None: a search compares every value, which costs more than the conversion.
    """
    column_type = column.type
    if dialect.name == "sqlite" and not _may_hold_none(column, values):
        if isinstance(column_type, models.UuidKey):
            return models.uuid_bytes_column(values)
        if isinstance(column_type, Date):
            return list(map(date.isoformat, values))
        if isinstance(column_type, Boolean):
            return list(map(int, values))
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    return values if process is None else list(map(process, values))


def sqlite3_parameters(
    column: Column[Any], values: Sequence[Any], dialect: Dialect
) -> tuple[Sequence[Any], str]:
    """``values`` converted as :func:`bind_column` converts them, in the form the sqlite3 module
    binds most cheaply, and the placeholder that stores them as they were.

    The module looks up an adapter for every parameter that is not exactly an int, float, str
    or bytearray, and that lookup costs more than binding the value: 300 ns more for a None and
    600 ns more for a bytes than for a str (Python 3.11), several times an event. So a uuid's
    16 bytes go as a bytearray (stored as the same blob), and a text column's NULLs go as ''
    turned back into NULL by ``nullif``; only when '' itself is not among the values (the
    protocol's codes are never empty), so nothing else can become NULL.
    """
    if isinstance(column.type, models.UuidKey) and not _may_hold_none(column, values):
        return models.uuid_bytearray_column(values), "?"
    values = bind_column(column, values, dialect)
    if isinstance(column.type, String) and _may_hold_none(column, values) and "" not in values:
        return ["" if value is None else value for value in values], "nullif(?, '')"
    return values, "?"


def _may_hold_none(column: Column[Any], values: Sequence[Any]) -> bool:
    return bool(column.nullable) and None in values
