"""The central's schema comes from its own Alembic migrations, alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from sync.central.db.database import (
    VERSION_TABLE,
    CentralDatabase,
    DatabaseURLError,
    current_revision,
    downgrade,
    head_revision,
    normalise_url,
    upgrade,
)
from sync.central.db.models import Base


def test_the_migrations_build_exactly_the_models(central_db: CentralDatabase) -> None:
    assert current_revision(central_db.engine) == head_revision()
    with central_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_and_upgrade_again(central_db: CentralDatabase) -> None:
    downgrade(central_db.engine, "base")
    tables = set(inspect(central_db.engine).get_table_names())
    assert tables <= {VERSION_TABLE}
    upgrade(central_db.engine)
    assert {"event", "device", "device_token", "enrolment_code", "content_pack"} <= set(
        inspect(central_db.engine).get_table_names()
    )


def test_database_urls() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.sqlite3").drivername == "sqlite"
    with pytest.raises(DatabaseURLError, match="unsupported"):
        normalise_url("mysql://u@h/db")
    with pytest.raises(DatabaseURLError, match="not a database URL"):
        normalise_url("no url")
