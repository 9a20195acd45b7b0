"""Asks the database itself which reach events it keeps: those synced or handed out."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def kept_events(path: Path) -> list[bool]:
    """Per reach event, in sequence order: does the database refuse to delete it?

    Each event is deleted in a transaction of its own that is then rolled back, so the file is
    left as it was; the answer is the delete guard's, not a reading of the columns behind it.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        sequence = [
            seq for (seq,) in connection.execute("SELECT seq FROM reach_event ORDER BY seq")
        ]
        kept = []
        for seq in sequence:
            connection.execute("BEGIN")
            try:
                connection.execute("DELETE FROM reach_event WHERE seq = ?", (seq,))
                kept.append(False)
            except sqlite3.IntegrityError as refused:
                assert "cannot be deleted" in str(refused)
                kept.append(True)
            finally:
                connection.execute("ROLLBACK")
        return kept
    finally:
        connection.close()
