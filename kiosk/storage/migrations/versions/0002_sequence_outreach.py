"""Device sequence numbers, assisted flag, outreach codes and sessions; append-only guards.

Existing events keep everything they had and stay unsynced if they were: each gets its row id as
its sequence number (ids only ever grew before this revision), and the device counter starts
after the largest one, so no number is handed out twice.

Daily rollups (``reach_daily``) and the unsynced backlog (``reach_counter``) are kept by triggers
in the same transaction as every insert, delete and sync mark, so local statistics read a few
hundred rows instead of scanning a million events, and can never drift from the events.

The guards are SQLite triggers too: a reach event is append-only (only its sync state may move
forward) and an event that is synced or handed to the sync client cannot be deleted. A later
revision that rebuilds ``reach_event`` (batch mode copies the table) must create every trigger
here again.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copies: a migration never imports the app's current code.
COUNTED_COLUMNS = (
    "uuid",
    "seq",
    "site",
    "device",
    "channel",
    "kind",
    "language",
    "topic",
    "quantity",
    "assisted",
    "local_date",
    "hour_bucket",
    "content_version",
    "region",
    "sector",
    "stream",
    "session_id",
)
GUARD_TRIGGERS = (
    """
    CREATE TRIGGER reach_event_append_only BEFORE UPDATE ON reach_event
    WHEN {changed}
      OR (OLD.synced_batch IS NOT NULL AND NEW.synced_batch IS NOT OLD.synced_batch)
      OR (OLD.handed_out AND NOT NEW.handed_out)
    BEGIN
      SELECT RAISE(ABORT, 'reach events are append-only: only their sync state moves forward');
    END
    """.format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COUNTED_COLUMNS)),
    """
    CREATE TRIGGER reach_event_keep_synced BEFORE DELETE ON reach_event
    WHEN OLD.synced_batch IS NOT NULL OR OLD.handed_out
    BEGIN
      SELECT RAISE(ABORT, 'a synced or handed-out reach event cannot be deleted');
    END
    """,
)
ROLLUP_TRIGGERS = (
    """
    CREATE TRIGGER reach_rollup_insert AFTER INSERT ON reach_event
    BEGIN
      INSERT INTO reach_daily (local_date, channel, kind, language, topic, quantity, events)
      VALUES (NEW.local_date, NEW.channel, NEW.kind, coalesce(NEW.language, ''),
              coalesce(NEW.topic, ''), NEW.quantity, 1)
      ON CONFLICT (local_date, channel, kind, language, topic)
      DO UPDATE SET quantity = quantity + excluded.quantity, events = events + 1;
      UPDATE reach_counter SET value = value + 1
      WHERE name = 'unsynced' AND NEW.synced_batch IS NULL;
    END
    """,
    """
    CREATE TRIGGER reach_rollup_delete AFTER DELETE ON reach_event
    BEGIN
      UPDATE reach_daily SET quantity = quantity - OLD.quantity, events = events - 1
      WHERE local_date = OLD.local_date AND channel = OLD.channel AND kind = OLD.kind
        AND language = coalesce(OLD.language, '') AND topic = coalesce(OLD.topic, '');
      UPDATE reach_counter SET value = value - 1
      WHERE name = 'unsynced' AND OLD.synced_batch IS NULL;
    END
    """,
    """
    CREATE TRIGGER reach_rollup_synced AFTER UPDATE OF synced_batch ON reach_event
    WHEN OLD.synced_batch IS NULL AND NEW.synced_batch IS NOT NULL
    BEGIN
      UPDATE reach_counter SET value = value - 1 WHERE name = 'unsynced';
    END
    """,
)


def upgrade() -> None:
    op.create_table(
        "outreach_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_date", sa.String(10), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("stream", sa.String(32), nullable=False),
        sa.Column("workers_reached", sa.Integer(), nullable=False),
        sa.Column("cards_given", sa.Integer(), nullable=False),
        sa.Column("brochures_given", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'recorded', 'void')", name="status_known"),
        sa.CheckConstraint(
            "workers_reached >= 0 AND cards_given >= 0 AND brochures_given >= 0",
            name="counts_not_negative",
        ),
    )
    for child, column, width in (("language", "language", 16), ("topic", "topic", 64)):
        op.create_table(
            f"outreach_session_{child}",
            sa.Column(
                "session_id",
                sa.Integer(),
                sa.ForeignKey("outreach_session.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column(column, sa.String(width), primary_key=True),
        )
    op.create_table(
        "device_sequence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name="single_row"),
    )

    # Plain ADD COLUMNs first, so existing rows can be numbered before seq becomes NOT NULL.
    op.add_column("reach_event", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column(
        "reach_event",
        sa.Column("assisted", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    for name in ("region", "sector", "stream"):
        op.add_column("reach_event", sa.Column(name, sa.String(32), nullable=True))
    op.add_column(
        "reach_event",
        sa.Column("handed_out", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("reach_event", sa.Column("session_id", sa.Integer(), nullable=True))
    op.execute("UPDATE reach_event SET seq = id")
    op.execute(
        "INSERT INTO device_sequence (id, last_seq)"
        " SELECT 1, coalesce(max(seq), 0) FROM reach_event"
    )

    op.drop_index("ix_reach_event_synced_batch", table_name="reach_event")
    with op.batch_alter_table("reach_event", recreate="always") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_reach_event_seq", ["seq"])
        batch.create_check_constraint("seq_positive", "seq >= 1")
        batch.create_foreign_key(
            "fk_reach_event_session", "outreach_session", ["session_id"], ["id"]
        )
    op.create_index(
        "ix_reach_event_session_id",
        "reach_event",
        ["session_id"],
        sqlite_where=sa.text("session_id IS NOT NULL"),
    )
    op.create_index(
        "ix_reach_event_unsynced",
        "reach_event",
        ["seq"],
        sqlite_where=sa.text("synced_batch IS NULL"),
    )
    for trigger in GUARD_TRIGGERS:
        op.execute(trigger)

    op.create_table(
        "reach_daily",
        sa.Column("local_date", sa.String(10), primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("language", sa.String(16), primary_key=True),
        sa.Column("topic", sa.String(64), primary_key=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
    )
    op.create_table(
        "reach_counter",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )
    op.execute(
        "INSERT INTO reach_daily (local_date, channel, kind, language, topic, quantity, events)"
        " SELECT local_date, channel, kind, coalesce(language, ''), coalesce(topic, ''),"
        " sum(quantity), count(*) FROM reach_event"
        " GROUP BY local_date, channel, kind, coalesce(language, ''), coalesce(topic, '')"
    )
    op.execute(
        "INSERT INTO reach_counter (name, value)"
        " SELECT 'unsynced', count(*) FROM reach_event WHERE synced_batch IS NULL"
    )
    for trigger in ROLLUP_TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for trigger in (
        "reach_rollup_synced",
        "reach_rollup_delete",
        "reach_rollup_insert",
        "reach_event_keep_synced",
        "reach_event_append_only",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table("reach_counter")
    op.drop_table("reach_daily")
    op.drop_index("ix_reach_event_unsynced", table_name="reach_event")
    op.drop_index("ix_reach_event_session_id", table_name="reach_event")
    with op.batch_alter_table("reach_event", recreate="always") as batch:
        batch.drop_constraint("fk_reach_event_session", type_="foreignkey")
        batch.drop_constraint("uq_reach_event_seq", type_="unique")
        batch.drop_constraint("seq_positive", type_="check")
        for name in ("session_id", "handed_out", "stream", "sector", "region", "assisted", "seq"):
            batch.drop_column(name)
    op.create_index("ix_reach_event_synced_batch", "reach_event", ["synced_batch"])
    op.drop_table("device_sequence")
    op.drop_table("outreach_session_topic")
    op.drop_table("outreach_session_language")
    op.drop_table("outreach_session")
