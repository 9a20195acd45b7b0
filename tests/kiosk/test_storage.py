"""The local database: pragmas on every connection, schema on a new folder, upgrades in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import text

from kiosk.errors import StorageError
from kiosk.storage.database import (
    DATABASE_FILE_NAME,
    alembic_config,
    create_sqlite_engine,
    current_revision,
    device_id,
    head_revision,
    open_database,
    upgrade,
)


def test_new_folder_gets_the_schema(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "folder"
    database = open_database(data_dir)
    try:
        assert (data_dir / DATABASE_FILE_NAME).is_file()
        assert current_revision(database.engine) == head_revision()
    finally:
        database.close()
    with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"reach_event", "local_state", "alembic_version"} <= tables


def test_every_connection_gets_the_durability_pragmas(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    finally:
        database.close()


def all_revisions_oldest_first() -> list[str]:
    config, stack = alembic_config()
    with stack:
        scripts = ScriptDirectory.from_config(config)
        return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def test_existing_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    """Build a database at the oldest revision with a row, then open it as the app does."""
    path = tmp_path / DATABASE_FILE_NAME
    engine = create_sqlite_engine(path)
    oldest = all_revisions_oldest_first()[0]
    upgrade(engine, oldest)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO reach_event (uuid, site, device, channel, kind, quantity,"
                " local_date, hour_bucket) VALUES ('00000000-0000-4000-8000-000000000001',"
                " 's', 'd', 'kiosk', 'visit', 1, '2026-11-01', 9)"
            )
        )
    engine.dispose()
    assert all_revisions_oldest_first()[-1] == head_revision()

    database = open_database(tmp_path)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as connection:
            rows = connection.execute(text("SELECT uuid, synced_batch FROM reach_event")).all()
        assert rows == [("00000000-0000-4000-8000-000000000001", None)]
    finally:
        database.close()


def test_device_id_is_random_and_stable(tmp_path: Path) -> None:
    first = open_database(tmp_path / "a")
    second = open_database(tmp_path / "b")
    try:
        assert device_id(first) == device_id(first)
        assert device_id(first) != device_id(second)
        assert device_id(first).startswith("dev-")
    finally:
        first.close()
        second.close()


def tables_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}


@pytest.mark.parametrize("starting_at", ["new file", "oldest revision"])
def test_a_migration_cut_short_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, starting_at: str
) -> None:
    """Power lost in the middle of a migration: the next start must find the file as it was.

    The failure is injected at the first raw SQL statement of the newest migration, after it has
    already created tables and columns; without transactional DDL those would stay behind and
    the next start would fail with "table already exists".
    """
    path = tmp_path / DATABASE_FILE_NAME
    if starting_at == "oldest revision":
        engine = create_sqlite_engine(path)
        upgrade(engine, all_revisions_oldest_first()[0])
        engine.dispose()
    before = tables_in(path) if path.exists() else set()

    def power_cut(*_args: object, **_kwargs: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(Operations, "execute", power_cut)
    with pytest.raises(StorageError, match="power cut"):
        open_database(tmp_path)
    assert tables_in(path) == before
    monkeypatch.undo()

    database = open_database(tmp_path)  # the next start goes through
    try:
        assert current_revision(database.engine) == head_revision()
    finally:
        database.close()
