"""A real SQLite-backed outbox with the three methods the sync loop needs.

It stands in for the kiosk's reach log (which will offer the same methods) so the push loop is
tested against a real database file: one column per wire field as in the reach log's table,
durable writes (WAL, synchronous=FULL), rows marked only when told.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sync.protocol import EVENT_FIELDS

COLUMNS = ", ".join(EVENT_FIELDS)


class SqliteOutbox:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=FULL")
        self._connection.execute(
            f"CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, {COLUMNS},"
            " synced_batch TEXT)"
        )
        self._connection.execute("CREATE UNIQUE INDEX IF NOT EXISTS outbox_uuid ON outbox(uuid)")
        self._connection.execute(
            "CREATE INDEX IF NOT EXISTS outbox_unsynced ON outbox(seq) WHERE synced_batch IS NULL"
        )

    def add(self, events: Sequence[dict[str, Any]]) -> None:
        markers = ", ".join("?" * len(EVENT_FIELDS))
        with self._lock:
            self._connection.execute("BEGIN")
            self._connection.executemany(
                f"INSERT INTO outbox ({COLUMNS}) VALUES ({markers})",
                [tuple(event[name] for name in EVENT_FIELDS) for event in events],
            )
            self._connection.execute("COMMIT")

    def unsynced_batch(self, limit: int, after: int = 0) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._connection.execute(
                f"SELECT {COLUMNS} FROM outbox WHERE synced_batch IS NULL AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (after, limit),
            ).fetchall()
        events = [dict(zip(EVENT_FIELDS, row, strict=True)) for row in rows]
        for event in events:
            event["assisted"] = bool(event["assisted"])
        return events

    def mark_synced(self, batch_id: str, uuids: Sequence[str]) -> None:
        with self._lock:
            self._connection.execute("BEGIN")
            self._connection.executemany(
                "UPDATE outbox SET synced_batch = ? WHERE uuid = ? AND synced_batch IS NULL",
                [(batch_id, uuid) for uuid in uuids],
            )
            self._connection.execute("COMMIT")

    def backlog(self) -> int:
        with self._lock:
            return int(
                self._connection.execute(
                    "SELECT count(*) FROM outbox WHERE synced_batch IS NULL"
                ).fetchone()[0]
            )

    def all_uuids(self) -> list[str]:
        with self._lock:
            return [row[0] for row in self._connection.execute("SELECT uuid FROM outbox")]

    def close(self) -> None:
        self._connection.close()
