"""The central's database: engine from a URL, Alembic migrations, a session factory.

Why one place: SQLite (the embedded default) and PostgreSQL (real deployments) need different
connection set-up, and the schema must only ever be changed by the migrations shipped in
``sync/central/db/migrations``, applied before the app serves a request.
"""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.storage.transactions import IMMEDIATE_OPTION, use_explicit_transactions

SQLITE_BUSY_TIMEOUT_MS = 30_000
VERSION_TABLE = "central_alembic_version"
"""Named apart from the kiosk's ``alembic_version``, should both ever share one database."""


class DatabaseURLError(ValueError):
    """The database URL cannot be used; the message says why."""


def normalise_url(url: str) -> URL:
    """Parse ``url``; plain ``postgresql://`` URLs use the psycopg (3) driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseURLError(f"not a database URL: {url!r}") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseURLError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
        )
    return parsed


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def create_central_engine(url: str) -> Engine:
    """An engine on ``url``, set up for durability (SQLite) or for many app threads (PostgreSQL)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        use_explicit_transactions(engine)
        return engine
    return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _alembic_config() -> tuple[Config, ExitStack]:
    stack = ExitStack()
    location = stack.enter_context(
        resources.as_file(resources.files("sync.central.db") / "migrations")
    )
    config = Config()
    config.set_main_option("script_location", str(location))
    return config, stack


def head_revision() -> str | None:
    """The newest migration this version of the central knows."""
    config, stack = _alembic_config()
    with stack:
        return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration a database is at, or None for an empty one."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest)."""
    config, stack = _alembic_config()
    with stack, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``base``: no tables at all)."""
    config, stack = _alembic_config()
    with stack, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@dataclass(frozen=True)
class CentralDatabase:
    """An opened, migrated central database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    """Sessions for reading, and for writes that cannot race (migrations, admin commands)."""
    writes: sessionmaker[Session]
    """Sessions for the request handlers' writes: on SQLite they queue for the write lock."""

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def open_central_database(url: str, *, migrate: bool = True) -> CentralDatabase:
    """Open the database at ``url`` and, unless told not to, migrate it to the newest schema."""
    engine = create_central_engine(url)
    if migrate:
        try:
            upgrade(engine)
        except Exception:
            engine.dispose()
            raise
    return CentralDatabase(
        url=url,
        engine=engine,
        sessions=sessionmaker(engine),
        writes=sessionmaker(engine.execution_options(**{IMMEDIATE_OPTION: True})),
    )
