"""Schema migrations: an older database is upgraded in place and keeps every unsynced count.

Each test builds a real SQLite file at an older revision with Alembic, fills it the way that
version of the app would have, then opens it as the current app does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import (
    DATABASE_FILE_NAME,
    alembic_config,
    create_sqlite_engine,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)
from kiosk.storage.schema import Base
from tests.kiosk.delete_guard import kept_events


def revisions_oldest_first() -> list[str]:
    config, stack = alembic_config()
    with stack:
        scripts = ScriptDirectory.from_config(config)
        return [script.revision for script in reversed(list(scripts.walk_revisions()))]


# A value for every NOT NULL column a reach_event row has had at any revision.
FILLERS: dict[str, Any] = {
    "site": "yvr",
    "device": "dev-old",
    "channel": "kiosk",
    "kind": "topic_viewed",
    "language": "es",
    "topic": "rights-at-work",
    "quantity": 2,
    "local_date": "2026-10-30",
    "hour_bucket": 11,
    "content_version": "2026.10.0",
    "assisted": 0,
    "handed_out": 0,
}


def make_database_at(revision: str, path: Path, events: int, synced: int) -> list[str]:
    """A database at ``revision`` holding ``events`` rows, the first ``synced`` of them synced."""
    engine = create_sqlite_engine(path / DATABASE_FILE_NAME)
    upgrade(engine, revision)
    engine.dispose()
    uuids = [f"00000000-0000-4000-8000-{number:012d}" for number in range(1, events + 1)]
    with sqlite3.connect(path / DATABASE_FILE_NAME) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(reach_event)")}
        for number, uuid in enumerate(uuids, start=1):
            row = {name: value for name, value in FILLERS.items() if name in columns}
            row["uuid"] = uuid
            row["synced_batch"] = "old-batch" if number <= synced else None
            if "seq" in columns:
                row["seq"] = number
                connection.execute("UPDATE device_sequence SET last_seq = ?", (number,))
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            connection.execute(
                f"INSERT INTO reach_event ({names}) VALUES ({marks})", tuple(row.values())
            )
    return uuids


@pytest.mark.parametrize("revision", revisions_oldest_first()[:-1])
def test_upgrade_keeps_every_unsynced_row(tmp_path: Path, revision: str) -> None:
    uuids = make_database_at(revision, tmp_path, events=40, synced=15)

    database = open_database(tmp_path)  # as the app does at start
    try:
        assert current_revision(database.engine) == head_revision()
        log = ReachLog(database, ReachContext("yvr", "dev-old"))
        assert log.backlog() == 25
        handed = log.unsynced_batch(limit=100)
        assert [event["uuid"] for event in handed] == uuids[15:]
        assert {(e["kind"], e["language"], e["quantity"]) for e in handed} == {
            ("topic_viewed", "es", 2)
        }
        new = log.record("visit")
        log.close()
    finally:
        database.close()
    with sqlite3.connect(tmp_path / DATABASE_FILE_NAME) as connection:
        stored = connection.execute(
            "SELECT uuid, seq, synced_batch FROM reach_event ORDER BY seq"
        ).fetchall()
    assert [row[0] for row in stored] == [*uuids, new]
    assert [row[1] for row in stored] == list(range(1, 42))  # old rows first, nothing reused
    assert [row[2] for row in stored] == ["old-batch"] * 15 + [None] * 26


def test_models_match_the_migrated_schema(tmp_path: Path) -> None:
    """kiosk/storage/schema.py and the migrations describe the same tables (none forgotten)."""
    database = open_database(tmp_path)
    try:
        with database.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        database.close()
    assert differences == []


def test_guards_exist_after_upgrade(tmp_path: Path) -> None:
    make_database_at(revisions_oldest_first()[0], tmp_path, events=3, synced=1)
    open_database(tmp_path).close()
    with sqlite3.connect(tmp_path / DATABASE_FILE_NAME) as connection:
        triggers = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        guards = {
            "reach_event_counted_fixed",
            "reach_event_sync_forward",
            "reach_event_keep_synced",
        }
        assert guards <= triggers
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("DELETE FROM reach_event WHERE synced_batch IS NOT NULL")
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_downgrade_to_the_previous_revision_keeps_rows(tmp_path: Path) -> None:
    from alembic import command

    revisions = revisions_oldest_first()
    uuids = make_database_at(revisions[-1], tmp_path, events=5, synced=2)
    engine = create_sqlite_engine(tmp_path / DATABASE_FILE_NAME)
    config, stack = alembic_config()
    with stack, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revisions[-2])
    assert current_revision(engine) == revisions[-2]
    engine.dispose()
    with sqlite3.connect(tmp_path / DATABASE_FILE_NAME) as connection:
        kept = connection.execute(
            "SELECT uuid, synced_batch FROM reach_event ORDER BY id"
        ).fetchall()
    assert kept == [(uuid, "old-batch" if n < 2 else None) for n, uuid in enumerate(uuids)]


@pytest.mark.parametrize(
    ("flagged", "kept"),
    [
        # A push read 4-5, and a read that skipped ahead took 7: 6 and 8-10 stay free.
        ((4, 5, 7), [True] * 5 + [False, True, False, False, False]),
        # Everything unsynced was handed out.
        (tuple(range(4, 11)), [True] * 10),
        # Nothing was.
        ((), [True] * 3 + [False] * 7),
    ],
)
def test_upgrade_to_the_hand_out_mark_keeps_exactly_what_was_handed_out(
    tmp_path: Path, flagged: tuple[int, ...], kept: list[bool]
) -> None:
    path = tmp_path / DATABASE_FILE_NAME
    make_database_at("0003", tmp_path, events=10, synced=3)
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "UPDATE reach_event SET handed_out = 1 WHERE seq = ?", [(seq,) for seq in flagged]
        )
    assert kept_events(path) == kept

    database = open_database(tmp_path)
    try:
        assert kept_events(path) == kept
        log = ReachLog(database, ReachContext("yvr", "dev-old"))
        log.record("visit")  # numbered 11, after the upgrade: free until handed out
        assert kept_events(path) == [*kept, False]
        assert [event["seq"] for event in log.unsynced_batch(limit=100)] == list(range(4, 12))
        assert kept_events(path) == [True] * 11
        log.close()
    finally:
        database.close()


def test_downgrade_from_the_hand_out_mark_flags_what_it_covered(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / DATABASE_FILE_NAME
    make_database_at("0004", tmp_path, events=6, synced=1)
    database = open_database(tmp_path)
    log = ReachLog(database, ReachContext("yvr", "dev-old"))
    assert [event["seq"] for event in log.unsynced_batch(limit=3)] == [2, 3, 4]
    log.close()
    database.close()
    kept = [True] * 4 + [False] * 2
    assert kept_events(path) == kept

    engine = create_sqlite_engine(path)
    config, stack = alembic_config()
    with stack, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    engine.dispose()
    assert kept_events(path) == kept
    with sqlite3.connect(path) as connection:
        flags = [flag for (flag,) in connection.execute("SELECT handed_out FROM reach_event")]
    assert flags == [0, 1, 1, 1, 0, 0]  # the synced event needs no flag


def test_upgrade_from_the_hand_out_mark_flags_every_event_it_covered(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_FILE_NAME
    make_database_at("0004", tmp_path, events=6, synced=1)
    with sqlite3.connect(path) as connection:  # a push read 2-4 under revision 0004
        connection.execute("UPDATE device_sequence SET handed_out_through = 4")
    kept = [True] * 4 + [False] * 2
    assert kept_events(path) == kept

    database = open_database(tmp_path)
    try:
        assert kept_events(path) == kept
        log = ReachLog(database, ReachContext("yvr", "dev-old"))
        # the same events go out again until acknowledged, then the rest
        assert [event["seq"] for event in log.unsynced_batch(limit=10)] == [2, 3, 4, 5, 6]
        assert kept_events(path) == [True] * 6
        log.close()
    finally:
        database.close()
    with sqlite3.connect(path) as connection:
        flags = [flag for (flag,) in connection.execute("SELECT handed_out FROM reach_event")]
    assert flags == [0, 1, 1, 1, 1, 1]  # the synced event needs no flag
