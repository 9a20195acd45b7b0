"""How reach events are stored: sequence numbers, inserts in groups, the sync backlog.

The SQL behind :class:`kiosk.reach.ReachLog`, kept apart so the log itself reads as its
interface. Everything here runs inside a transaction the writer thread (kiosk.writer) opened.
"""

from __future__ import annotations

import functools
import operator
import os
import sqlite3
import threading
import uuid
from typing import Any

from sqlalchemy import Connection, select, update

from kiosk.schema import ReachEvent
from kiosk.writer import Row

# The agreed wire/record shape of one event (protocol v1), in order.
WIRE_FIELDS = (
    "uuid",
    "seq",
    "site",
    "device",
    "channel",
    "kind",
    "language",
    "topic",
    "quantity",
    "assisted",
    "local_date",
    "hour_bucket",
    "content_version",
    "region",
    "sector",
    "stream",
)
_MARK_CHUNK = 500  # uuids per UPDATE, under SQLite's bound-parameter limit

_INSERT_COLUMNS = (*(name for name in WIRE_FIELDS if name != "seq"), "session_id")
_row_values = operator.itemgetter(*_INSERT_COLUMNS)
_ROWS_PER_STATEMENT = 512  # a power of two; 17 values a row: under SQLite's 32,766 parameters
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
    and avoids the waits.
    """

    BATCH = 512

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = b""
        self._offset = 0

    def next(self) -> str:
        with self._lock:
            if self._offset >= len(self._pool):
                self._pool = os.urandom(16 * self.BATCH)
                self._offset = 0
            raw = self._pool[self._offset : self._offset + 16]
            self._offset += 16
        return str(uuid.UUID(bytes=raw, version=4))


uuids = Uuids()


def insert_events(connection: Connection, rows: list[Row]) -> None:
    """Insert ``rows`` with the next device sequence numbers, in the caller's transaction.

    Taking the numbers and inserting the rows in one transaction is what makes them gap-free in
    practice and never reused: a crash before the commit rolls both back together.
    """
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    insert_rows(driver.cursor(), rows)


def insert_rows(cursor: sqlite3.Cursor, rows: list[Row]) -> None:
    """:func:`insert_events` on a plain sqlite3 cursor, as the writer thread uses it."""
    if not rows:
        return
    (last,) = cursor.execute(_NEXT_SEQ, (len(rows),)).fetchone()
    first = last - len(rows) + 1
    # Multi-row statements: a step per row would cost the writer (and, through the GIL, the UI
    # thread) more than the insert itself. Chunks come in powers of two, so a handful of
    # statements, each prepared once and then taken from the driver's cache, serve every group
    # size (preparing a new 512-row statement costs more than running it).
    position = 0
    while position < len(rows):
        size = min(_ROWS_PER_STATEMENT, 1 << ((len(rows) - position).bit_length() - 1))
        params: list[Any] = []
        for offset, row in enumerate(rows[position : position + size], start=first + position):
            params.append(offset)
            params.extend(_row_values(row))
        cursor.execute(_insert_sql(size), params)
        position += size


def hand_out(connection: Connection, limit: int) -> list[dict[str, Any]]:
    columns = [getattr(ReachEvent, name) for name in WIRE_FIELDS]
    query = (
        select(ReachEvent.id, *columns)
        .where(ReachEvent.synced_batch.is_(None))
        .order_by(ReachEvent.seq)
        .limit(limit)
    )
    found = connection.execute(query).all()
    ids = [row.id for row in found]
    for start in range(0, len(ids), _MARK_CHUNK):
        chunk = ids[start : start + _MARK_CHUNK]
        connection.execute(
            update(ReachEvent)
            .where(ReachEvent.id.in_(chunk), ReachEvent.handed_out.is_(False))
            .values(handed_out=True)
        )
    return [
        {
            name: (bool(value) if name == "assisted" else value)
            for name, value in zip(WIRE_FIELDS, row[1:], strict=True)
        }
        for row in found
    ]


def mark(connection: Connection, batch_id: str, uuids: list[str]) -> int:
    changed = 0
    for start in range(0, len(uuids), _MARK_CHUNK):
        result = connection.execute(
            update(ReachEvent)
            .where(
                ReachEvent.uuid.in_(uuids[start : start + _MARK_CHUNK]),
                ReachEvent.synced_batch.is_(None),
            )
            .values(synced_batch=batch_id, handed_out=True)
        )
        changed += result.rowcount
    return changed
