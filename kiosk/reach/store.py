"""How reach events are stored: sequence numbers, inserts in groups, the sync backlog.

The SQL behind :class:`kiosk.reach.log.ReachLog`, kept apart so the log itself reads as its
interface. Everything here runs inside a transaction the writer thread (kiosk.reach.writer) opened.
"""

from __future__ import annotations

import functools
import operator
import os
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from kiosk.reach.fields import EVENT_FIELDS
from kiosk.reach.writer import Row
from kiosk.storage.database import DEVICE_ID_KEY

WIRE_FIELDS = EVENT_FIELDS  # the agreed wire/record shape of one event, in order

_INSERT_COLUMNS = (*(name for name in WIRE_FIELDS if name != "seq"), "session_id")
_row_values = operator.itemgetter(*_INSERT_COLUMNS)
# A power of two. The driver binds a statement's values holding the GIL, in one C call nothing
# interrupts: 512 rows (8,704 values) kept the GUI thread from the GIL for 2.5-5 ms at a time,
# 64 rows stay under the 1 ms switch interval (ui/common/runtime.py), and insert as fast.
_ROWS_PER_STATEMENT = 64
_ROW_MARKS = "({})".format(", ".join("?" * (len(_INSERT_COLUMNS) + 1)))


@functools.lru_cache(maxsize=16)
def _insert_sql(rows: int) -> str:
    names = ", ".join(("seq", *_INSERT_COLUMNS))
    return f"INSERT INTO reach_event ({names}) VALUES " + ", ".join([_ROW_MARKS] * rows)


_NEXT_SEQ = "UPDATE device_sequence SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq"


class Uuids:
    """Random (version 4) uuids, drawn from the system's random source 512 at a time.

    Why not ``uuid.uuid4()`` per event: each call reads ``os.urandom``, a system call that
    lets go of the GIL and must win it back; with the writer thread busy, that wait made a
    burst of events on the GUI thread crawl. One read per 512 events keeps the randomness
    and avoids the waits. The strings are made for the whole batch at once from one hex
    string, without a ``uuid.UUID`` object per event: that object and its formatting were the
    costliest part of queueing an event, Python time that keeps the GUI thread from the GIL.
    """

    BATCH = 512

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: Iterator[str] = iter(())

    def next(self) -> str:
        while True:
            ready = self._ready
            try:
                return next(ready)  # atomic under the GIL: no lock on the common path
            except StopIteration:
                with self._lock:
                    if self._ready is ready:  # no other thread has refilled it meanwhile
                        self._ready = iter(_random_uuids(self.BATCH))


def _random_uuids(count: int) -> list[str]:
    """``count`` version 4 uuids in their usual text form (RFC 4122 variant)."""
    raw = bytearray(os.urandom(16 * count))
    for start in range(0, len(raw), 16):
        raw[start + 6] = (raw[start + 6] & 0x0F) | 0x40  # version 4
        raw[start + 8] = (raw[start + 8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return [
        f"{text[i : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}-"
        f"{text[i + 16 : i + 20]}-{text[i + 20 : i + 32]}"
        for i in range(0, len(text), 32)
    ]


uuids = Uuids()
# A forked child must not hand out the uuids its parent will: it draws a batch of its own.
os.register_at_fork(after_in_child=lambda: setattr(uuids, "_ready", iter(())))


def insert_events(connection: Connection, rows: list[Row]) -> None:
    """Insert ``rows`` with the next device sequence numbers, in the caller's transaction.

    Taking the numbers and inserting the rows in one transaction is what makes them gap-free in
    practice and never reused: a crash before the commit rolls both back together.
    """
    insert_rows(_driver(connection).cursor(), rows)


def insert_rows(cursor: sqlite3.Cursor, rows: list[Row]) -> None:
    """:func:`insert_events` on a plain sqlite3 cursor, as the writer thread uses it."""
    if not rows:
        return
    (last,) = cursor.execute(_NEXT_SEQ, (len(rows),)).fetchone()
    first = last - len(rows) + 1
    # Multi-row statements: a step per row would cost the writer (and, through the GIL, the UI
    # thread) more than the insert itself. Chunks come in powers of two, so a handful of
    # statements, each prepared once and then taken from the driver's cache, serve every group
    # size (preparing a new multi-row statement costs more than running it).
    position = 0
    while position < len(rows):
        size = min(_ROWS_PER_STATEMENT, 1 << ((len(rows) - position).bit_length() - 1))
        params: list[Any] = []
        for offset, row in enumerate(rows[position : position + size], start=first + position):
            params.append(offset)
            params.extend(_row_values(row))
        cursor.execute(_insert_sql(size), params)
        position += size


def hand_out(connection: Connection, limit: int, after: int = 0) -> list[dict[str, Any]]:
    """The oldest ``limit`` unsynced events numbered above ``after``, in the wire shape, marked
    as handed out.

    Each goes out under the device id the device has now (``local_state``), whichever it was
    logged under: a clone that took a new id (``kiosk.enrolment.take_new_device_id``) sends the
    backlog it copied, and whatever a process started before the change logged, as its own.

    Straight through the driver, as the inserts are: SQLAlchemy's per-row result handling cost
    several times SQLite's own work here, and a backlog of weeks is read through this.
    """
    cursor = _driver(connection).cursor()
    rows = cursor.execute(_HAND_OUT_SQL, (after, limit)).fetchall()
    if rows:
        _mark_handed_out(cursor, after, rows[-1][_SEQ_POSITION])
    events = []
    for row in rows:
        event = dict(zip(WIRE_FIELDS, row, strict=True))
        event["assisted"] = bool(event["assisted"])
        events.append(event)
    return events


def _mark_handed_out(cursor: sqlite3.Cursor, after: int, last: int) -> None:
    """Record that every unsynced event numbered above ``after`` up to ``last`` is handed out.

    The rows just read are exactly those (the writer's transaction keeps anything else from
    changing them meanwhile). When everything up to ``after`` was handed out already, as it is
    for each read of a push after its first, that is one number moved forward
    (``device_sequence.handed_out_through``) rather than a flag set on every row; a read that
    skips ahead of that number flags its own rows, so nothing before them counts as handed out.
    """
    (through,) = cursor.execute(_HANDED_OUT_THROUGH_SQL).fetchone()
    if through < after:
        cursor.execute(_MARK_HANDED_OUT_SQL, (after, last))
    elif through < last:
        cursor.execute(_MOVE_HANDED_OUT_THROUGH_SQL, (last,))


def mark(connection: Connection, batch_id: str, uuids: list[str]) -> int:
    """Record ``batch_id`` on those of ``uuids`` not synced yet; how many changed.

    A batch is usually a run of consecutive unsynced events (the sync client hands them out in
    sequence order), so it is marked with one update over its sequence range: looking up each
    event by its uuid, a random key, cost three times the update itself. The range is used only
    after checking that every unsynced event in it belongs to the batch; whatever the range did
    not cover (an event synced before, a batch in another order) is marked by its uuid.
    """
    cursor = _driver(connection).cursor()
    changed = 0
    remaining = uuids
    if len(uuids) > 1:
        low, high = cursor.execute(_RANGE_OF_SQL, (uuids[0], uuids[-1])).fetchone()
        if low is not None:
            in_range = [uuid for (uuid,) in cursor.execute(_UNSYNCED_IN_RANGE_SQL, (low, high))]
            wanted = set(uuids)
            if in_range and wanted.issuperset(in_range):
                cursor.execute(_MARK_RANGE_SQL, (batch_id, low, high))
                changed = int(cursor.rowcount)
                if changed == len(wanted):
                    return changed
                marked = set(in_range)
                remaining = [uuid for uuid in uuids if uuid not in marked]
    cursor.executemany(_MARK_SYNCED_SQL, [(batch_id, uuid) for uuid in remaining])
    return changed + int(cursor.rowcount)  # sqlite3 sums the rows changed over an executemany


def _driver(connection: Connection) -> sqlite3.Connection:
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


_SEQ_POSITION = WIRE_FIELDS.index("seq")
# The current device id is a subquery that does not depend on the row: SQLite runs it once.
_CURRENT_DEVICE = f"coalesce((SELECT value FROM local_state WHERE key = '{DEVICE_ID_KEY}'), device)"
_HAND_OUT_SQL = (
    f"SELECT {', '.join(_CURRENT_DEVICE if name == 'device' else name for name in WIRE_FIELDS)} "
    "FROM reach_event WHERE synced_batch IS NULL AND seq > ? ORDER BY seq LIMIT ?"
)
_HANDED_OUT_THROUGH_SQL = "SELECT handed_out_through FROM device_sequence WHERE id = 1"
_MOVE_HANDED_OUT_THROUGH_SQL = "UPDATE device_sequence SET handed_out_through = ? WHERE id = 1"
_MARK_HANDED_OUT_SQL = (
    "UPDATE reach_event SET handed_out = 1 "
    "WHERE synced_batch IS NULL AND handed_out = 0 AND seq > ? AND seq <= ?"
)
_RANGE_OF_SQL = "SELECT min(seq), max(seq) FROM reach_event WHERE uuid IN (?, ?)"
_UNSYNCED_IN_RANGE_SQL = (
    "SELECT uuid FROM reach_event WHERE synced_batch IS NULL AND seq BETWEEN ? AND ?"
)
_MARK_RANGE_SQL = (
    "UPDATE reach_event SET synced_batch = ?, handed_out = 1 "
    "WHERE seq BETWEEN ? AND ? AND synced_batch IS NULL"
)
_MARK_SYNCED_SQL = (
    "UPDATE reach_event SET synced_batch = ?, handed_out = 1 "
    "WHERE uuid = ? AND synced_batch IS NULL"
)
