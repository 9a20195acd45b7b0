"""Events dated by a wrong device clock: counted on the day they arrived, and said to be.

Adds ``event.claimed_date`` (the date the device wrote, kept only for a re-dated event) and, to
every rollup, ``redated_events`` and ``redated_quantity`` (the part of a row counted so). Events
already stored with a date no statistics query could show (before 2026-01-01, or more than a day
after they arrived) are re-dated the way ingest now re-dates them, and the rollups are built
again from the events, so their counts become visible at once. Without such events the rollups
are left as they are (their new columns are 0), which keeps the upgrade of a large central
short. The downgrade puts the devices' dates back.

The rules and the cubes are written out here as they were when this migration was written
(``sync.central.db.clock``, ``sync.central.stats.rollups.CUBES``); later changes need migrations of
their own.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

EPOCH = "2026-01-01"
ROLLUPS = ("rollup_day", "rollup_month", "rollup_cube")
DIMENSIONS = (
    "site",
    "channel",
    "kind",
    "language",
    "topic",
    "assisted",
    "region",
    "sector",
    "stream",
)
NULLABLE = ("language", "topic", "region", "sector", "stream")
CUBES = {
    "base": (),
    "assisted": ("assisted",),
    "topic": ("topic",),
    "language": ("language",),
    "site": ("site",),
    "outreach": ("region", "sector", "stream"),
    "language-topic": ("language", "topic"),
    "language-site": ("language", "site"),
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_rollups(redated: bool) -> None:
    """Every rollup recomputed from the events (with the re-dated sums when ``redated``)."""
    month = (
        "date(local_date, 'start of month')"
        if _sqlite()
        else "CAST(date_trunc('month', local_date) AS date)"
    )
    values = ", ".join(f"COALESCE({d}, '')" if d in NULLABLE else d for d in DIMENSIONS)
    columns = ", ".join(DIMENSIONS)
    extra_columns = ", redated_events, redated_quantity" if redated else ""
    extra_values = (
        ", COUNT(claimed_date), "
        "COALESCE(SUM(CASE WHEN claimed_date IS NOT NULL THEN quantity END), 0)"
        if redated
        else ""
    )
    for table, period in (("rollup_day", "local_date"), ("rollup_month", month)):
        op.execute(f"DELETE FROM {table}")
        op.execute(
            f"INSERT INTO {table} (period, {columns}, events, quantity{extra_columns}) "
            f"SELECT {period}, {values}, COUNT(*), SUM(quantity){extra_values} FROM event "
            f"GROUP BY {period}, {values}"
        )
    op.execute("DELETE FROM rollup_cube")
    summed = ", SUM(redated_events), SUM(redated_quantity)" if redated else ""
    for grain in ("day", "month"):
        for name, dimensions in CUBES.items():
            picked = [
                "CASE WHEN assisted THEN 'true' ELSE 'false' END" if d == "assisted" else d
                for d in dimensions
            ]
            padded = picked + ["''"] * (3 - len(picked))
            grouped = ", ".join(["period", "channel", "kind", *picked])
            op.execute(
                "INSERT INTO rollup_cube (cube, period, channel, kind, v1, v2, v3, events, "
                f"quantity{extra_columns}) SELECT '{name}/{grain}', period, channel, kind, "
                f"{', '.join(padded)}, SUM(events), SUM(quantity){summed} FROM rollup_{grain} "
                f"GROUP BY {grouped}"
            )


def upgrade() -> None:
    op.add_column("event", sa.Column("claimed_date", sa.Date(), nullable=True))
    for table in ROLLUPS:
        for column in ("redated_events", "redated_quantity"):
            op.add_column(
                table,
                sa.Column(column, sa.BigInteger(), nullable=False, server_default=sa.text("0")),
            )
    arrival = "date(received_hour)" if _sqlite() else "CAST(received_hour AS date)"
    latest = "date(received_hour, '+1 day')" if _sqlite() else "CAST(received_hour AS date) + 1"
    redated = op.get_bind().execute(
        sa.text(
            f"UPDATE event SET claimed_date = local_date, local_date = {arrival} "
            f"WHERE local_date < '{EPOCH}' OR local_date > {latest}"
        )
    )
    if redated.rowcount:
        _rebuild_rollups(redated=True)


def downgrade() -> None:
    restored = op.get_bind().execute(
        sa.text(
            "UPDATE event SET local_date = claimed_date, claimed_date = NULL "
            "WHERE claimed_date IS NOT NULL"
        )
    )
    for table in ROLLUPS:
        for column in ("redated_events", "redated_quantity"):
            op.drop_column(table, column)
    op.drop_column("event", "claimed_date")
    if restored.rowcount:
        _rebuild_rollups(redated=False)
