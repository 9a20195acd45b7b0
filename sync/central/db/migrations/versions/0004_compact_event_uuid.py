"""Event uuids stored compactly: PostgreSQL's uuid type, 16 bytes on SQLite (36 characters before).

Why: the uuid's unique index is what every ingested event writes to at a random place, and the
largest index of the table. At 16 bytes a key it is less than half the size, so more of it stays
in memory as the table grows and each insert costs less. Existing rows are converted.

SQLite cannot change a column's type in place (and 3.40 has no ``unhex``): the table is built
again under a temporary name, filled through a conversion function registered on the
connection for this migration, and renamed; ids are kept. PostgreSQL converts in place.

Revision ID: 0004
Revises: 0003
"""

import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COLUMNS = (
    "id, uuid, seq, site, device, channel, kind, language, topic, quantity, assisted, local_date, "
    "hour_bucket, content_version, region, sector, stream, batch_id, received_hour"
)


def _event_table(name: str, uuid_type: Any) -> None:
    """The events table as 0001 made it, under ``name``, with ``uuid_type`` for its uuid."""
    op.create_table(
        name,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("uuid", uuid_type, nullable=False, unique=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("topic", sa.String(64), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("assisted", sa.Boolean(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("hour_bucket", sa.Integer(), nullable=False),
        sa.Column("content_version", sa.String(32), nullable=True),
        sa.Column("region", sa.String(32), nullable=True),
        sa.Column("sector", sa.String(32), nullable=True),
        sa.Column("stream", sa.String(32), nullable=True),
        sa.Column("batch_id", sa.String(36), nullable=False),
        sa.Column("received_hour", sa.DateTime(), nullable=False),
        sa.CheckConstraint("quantity >= 1", name="event_quantity_positive"),
        sa.CheckConstraint("hour_bucket BETWEEN 0 AND 23", name="event_hour_bucket_range"),
    )


def _rebuild_on_sqlite(uuid_type: Any, convert: Callable[[Any], Any]) -> None:
    bind = op.get_bind()
    driver = bind.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    driver.create_function("outreach_convert_uuid", 1, convert, deterministic=True)
    try:
        op.drop_index("ix_event_local_date_site", table_name="event")
        _event_table("event_converted", uuid_type)
        select = COLUMNS.replace("id, uuid,", "id, outreach_convert_uuid(uuid),", 1)
        op.execute(f"INSERT INTO event_converted ({COLUMNS}) SELECT {select} FROM event")
        op.drop_table("event")
        op.rename_table("event_converted", "event")
        op.create_index("ix_event_local_date_site", "event", ["local_date", "site"])
    finally:
        driver.create_function("outreach_convert_uuid", 1, None)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "event",
            "uuid",
            type_=postgresql.UUID(as_uuid=False),
            postgresql_using="uuid::uuid",
        )
        return
    _rebuild_on_sqlite(sa.LargeBinary(16), lambda text: uuid.UUID(text).bytes)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("event", "uuid", type_=sa.String(36), postgresql_using="uuid::text")
        return
    _rebuild_on_sqlite(sa.String(36), lambda data: str(uuid.UUID(bytes=bytes(data))))
