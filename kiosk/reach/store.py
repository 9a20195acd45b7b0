"""How reach events are stored: sequence numbers, inserts in groups, the sync backlog.

The SQL behind :class:`kiosk.reach.log.ReachLog`, kept apart so the log itself reads as its
interface. Everything here runs inside a transaction the writer thread (kiosk.reach.writer) opened.
"""

from __future__ import annotations

import operator
import sqlite3
from typing import Any

from sqlalchemy import Connection

from kiosk.reach.fields import EVENT_FIELDS
from kiosk.reach.writer import Row
from kiosk.storage.database import DEVICE_ID_KEY

WIRE_FIELDS = EVENT_FIELDS  # the agreed wire/record shape of one event, in order

_INSERT_COLUMNS = (*(name for name in WIRE_FIELDS if name != "seq"), "session_id")
_row_values = operator.itemgetter(*_INSERT_COLUMNS)
_INSERT_SQL = "INSERT INTO reach_event ({}) VALUES ({})".format(
    ", ".join(("seq", *_INSERT_COLUMNS)), ", ".join("?" * (len(_INSERT_COLUMNS) + 1))
)

_NEXT_SEQ = "UPDATE device_sequence SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq"


def insert_events(connection: Connection, rows: list[Row]) -> None:
    """Insert ``rows`` with the next device sequence numbers, in the caller's transaction.

    Taking the numbers and inserting the rows in one transaction is what makes them gap-free in
    practice and never reused: a crash before the commit rolls both back together.
    """
    if not rows:
        return
    cursor = _driver(connection).cursor()
    (last,) = cursor.execute(_NEXT_SEQ, (len(rows),)).fetchone()
    first = last - len(rows) + 1
    cursor.executemany(
        _INSERT_SQL, [(seq, *_row_values(row)) for seq, row in enumerate(rows, start=first)]
    )


def hand_out(connection: Connection, limit: int, after: int = 0) -> list[dict[str, Any]]:
    """The oldest ``limit`` unsynced events numbered above ``after``, in the wire shape, each
    flagged as handed out.

    Each goes out under the device id the device has now (``local_state``), whichever it was
    logged under: a clone that took a new id (``kiosk.enrolment.take_new_device_id``) sends the
    backlog it copied, and whatever a process started before the change logged, as its own.
    The rows read are exactly those the flag is set on: the writer's transaction keeps anything
    else from changing them meanwhile.
    """
    cursor = _driver(connection).cursor()
    rows = cursor.execute(_HAND_OUT_SQL, (after, limit)).fetchall()
    if rows:
        cursor.execute(_MARK_HANDED_OUT_SQL, (after, rows[-1][_SEQ_POSITION]))
    events = []
    for row in rows:
        event = dict(zip(WIRE_FIELDS, row, strict=True))
        event["assisted"] = bool(event["assisted"])
        events.append(event)
    return events


def mark(connection: Connection, batch_id: str, uuids: list[str]) -> int:
    """Record ``batch_id`` on those of ``uuids`` not synced yet; how many changed."""
    cursor = _driver(connection).cursor()
    cursor.executemany(_MARK_SYNCED_SQL, [(batch_id, uuid) for uuid in uuids])
    return int(cursor.rowcount)  # sqlite3 sums the rows changed over an executemany


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
_MARK_HANDED_OUT_SQL = (
    "UPDATE reach_event SET handed_out = 1 "
    "WHERE synced_batch IS NULL AND handed_out = 0 AND seq > ? AND seq <= ?"
)
_MARK_SYNCED_SQL = (
    "UPDATE reach_event SET synced_batch = ?, handed_out = 1 "
    "WHERE uuid = ? AND synced_batch IS NULL"
)
