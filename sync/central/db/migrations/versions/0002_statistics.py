"""Statistics: people's sign-in tokens, the audit log of raw-count requests, reach rollups.

The rollups are filled from the events already stored, so a central upgraded in place answers
statistics for its whole history at once; from then on ingest adds every new event to them. The
cubes listed here are the ones ``sync.central.stats.rollups.CUBES`` named when this migration was
written; a later change of that list needs a migration of its own.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
KEY = (
    "period",
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


def _rollup(name: str) -> None:
    op.create_table(
        name,
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("assisted", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("stream", sa.String(32), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name=f"pk_{name}"),
        sqlite_with_rowid=False,
    )


def _backfill(name: str, period: str) -> None:
    columns = "site, channel, kind, language, topic, assisted, region, sector, stream"
    values = ", ".join(
        f"COALESCE({column}, '')" if column in NULLABLE else column
        for column in columns.split(", ")
    )
    op.execute(
        f"INSERT INTO {name} (period, {columns}, events, quantity) "
        f"SELECT {period}, {values}, COUNT(*), SUM(quantity) FROM event "
        f"GROUP BY {period}, {values}"
    )


def upgrade() -> None:
    op.create_table(
        "user_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("central_user.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_user_token_user_id", "user_token", ["user_id"])
    op.create_table(
        "audit_entry",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])
    _rollup("rollup_day")
    _rollup("rollup_month")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        month = "date(local_date, 'start of month')"
    else:
        month = "CAST(date_trunc('month', local_date) AS date)"
    _backfill("rollup_day", "local_date")
    _backfill("rollup_month", month)
    op.create_table(
        "rollup_cube",
        sa.Column("cube", sa.String(32), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("v1", sa.String(64), nullable=False),
        sa.Column("v2", sa.String(64), nullable=False),
        sa.Column("v3", sa.String(64), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "cube", "period", "channel", "kind", "v1", "v2", "v3", name="pk_rollup_cube"
        ),
        sqlite_with_rowid=False,
    )
    for grain in ("day", "month"):
        for name, dimensions in CUBES.items():
            values = [
                "CASE WHEN assisted THEN 'true' ELSE 'false' END" if d == "assisted" else d
                for d in dimensions
            ]
            padded = values + ["''"] * (3 - len(values))
            grouped = ", ".join(["period", "channel", "kind", *values])
            op.execute(
                "INSERT INTO rollup_cube (cube, period, channel, kind, v1, v2, v3, events, "
                f"quantity) SELECT '{name}/{grain}', period, channel, kind, {', '.join(padded)}, "
                f"SUM(events), SUM(quantity) FROM rollup_{grain} GROUP BY {grouped}"
            )


def downgrade() -> None:
    op.drop_table("rollup_cube")
    op.drop_table("rollup_month")
    op.drop_table("rollup_day")
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index("ix_user_token_user_id", table_name="user_token")
    op.drop_table("user_token")
