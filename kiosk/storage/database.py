"""The local SQLite database: one engine factory, migrations at start, a session factory.

Why one place: every connection must get the same pragmas (WAL, synchronous=FULL, foreign keys,
busy timeout), or a count could be lost on power loss; and the schema is only ever changed by
Alembic migrations, applied before anything else touches the file.
"""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import ReadOnlyStorageError, StorageError
from kiosk.storage.schema import LocalState
from kiosk.storage.transactions import use_explicit_transactions

DATABASE_FILE_NAME = "kiosk.sqlite3"
BUSY_TIMEOUT_MS = 5000


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on ``path`` whose every connection is set up for durability."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    use_explicit_transactions(engine)  # a migration cut short by power loss leaves no trace
    return engine


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def alembic_config() -> tuple[Config, ExitStack]:
    """Alembic's config pointing at the migrations shipped inside the package.

    The returned ExitStack keeps the migrations folder available (it may be extracted from an
    archive) and must be closed after use.
    """
    stack = ExitStack()
    location = stack.enter_context(
        resources.as_file(resources.files("kiosk.storage") / "migrations")
    )
    config = Config()
    config.set_main_option("script_location", str(location))
    return config, stack


def head_revision() -> str:
    """The newest migration this version of the app knows."""
    config, stack = alembic_config()
    with stack:
        head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise StorageError("no database migrations are shipped")
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration a database file is at, or None for a new file."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database's schema to ``revision`` (default: the newest)."""
    config, stack = alembic_config()
    with stack, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@dataclass(frozen=True)
class Database:
    """An opened, migrated local database."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def open_database(data_dir: Path) -> Database:
    """Create the data folder if needed, open its database and migrate it to the newest schema."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the data folder {data_dir}: {exc.strerror}") from exc
    check_writable(data_dir)
    path = data_dir / DATABASE_FILE_NAME
    engine = create_sqlite_engine(path)
    try:
        upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StorageError(f"cannot open the database {path}: {exc}") from exc
    return Database(path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def check_writable(data_dir: Path) -> None:
    """Refuse to start on a data folder that cannot be written, with a message saying so.

    A real file is created and removed: permission bits alone do not tell (root ignores them,
    a read-only mount does not show in them).
    """
    try:
        with tempfile.TemporaryFile(dir=data_dir):
            pass
        database = data_dir / DATABASE_FILE_NAME
        if database.exists():
            with database.open("r+b"):
                pass
    except OSError as exc:
        raise ReadOnlyStorageError(
            f"the data folder {data_dir} is read-only ({exc.strerror}): counts cannot be saved"
        ) from exc


DEVICE_ID_KEY = "device_id"
"""The ``local_state`` key of this installation's device id."""


def device_id(database: Database) -> str:
    """This installation's random device id, made on first use and kept in the database.

    Random rather than derived from the host name, which on a worker's laptop may be a person's.
    A copy of the data folder (a disk image installed twice) carries the same id; the central
    refuses it to the copy that enrols second, which then takes a new one
    (``kiosk.enrolment.take_new_device_id``).
    """
    with database.sessions.begin() as session:
        row = session.get(LocalState, DEVICE_ID_KEY)
        if row is None:
            row = LocalState(key=DEVICE_ID_KEY, value=new_device_id())
            session.add(row)
        return row.value


def new_device_id() -> str:
    """A fresh random device id (48 random bits)."""
    return f"dev-{uuid.uuid4().hex[:12]}"
