"""Append-only guards that cost nothing when only the sync state moves.

Revision 0002's guard compared all seventeen counted columns on every UPDATE, including the two
the sync client runs over every event it hands out and marks; that check alone cost more than
the updates themselves on a backlog of weeks. SQLite's ``UPDATE OF column-list`` triggers fire
only for an UPDATE that sets one of the listed columns, so the guard is split in two: one on the
counted columns (any UPDATE naming them is checked as before), one on the sync state (which may
only move forward). What is refused stays exactly what was refused.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
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
CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in COUNTED_COLUMNS)
APPEND_ONLY = "reach events are append-only: only their sync state moves forward"
SPLIT_GUARDS = (
    f"""
    CREATE TRIGGER reach_event_counted_fixed
    BEFORE UPDATE OF {", ".join(COUNTED_COLUMNS)} ON reach_event
    WHEN {CHANGED}
    BEGIN
      SELECT RAISE(ABORT, '{APPEND_ONLY}');
    END
    """,
    f"""
    CREATE TRIGGER reach_event_sync_forward
    BEFORE UPDATE OF synced_batch, handed_out ON reach_event
    WHEN (OLD.synced_batch IS NOT NULL AND NEW.synced_batch IS NOT OLD.synced_batch)
      OR (OLD.handed_out AND NOT NEW.handed_out)
    BEGIN
      SELECT RAISE(ABORT, '{APPEND_ONLY}');
    END
    """,
)
JOINT_GUARD = f"""
    CREATE TRIGGER reach_event_append_only BEFORE UPDATE ON reach_event
    WHEN {CHANGED}
      OR (OLD.synced_batch IS NOT NULL AND NEW.synced_batch IS NOT OLD.synced_batch)
      OR (OLD.handed_out AND NOT NEW.handed_out)
    BEGIN
      SELECT RAISE(ABORT, '{APPEND_ONLY}');
    END
    """


def upgrade() -> None:
    op.execute("DROP TRIGGER reach_event_append_only")
    for trigger in SPLIT_GUARDS:
        op.execute(trigger)


def downgrade() -> None:
    op.execute("DROP TRIGGER reach_event_sync_forward")
    op.execute("DROP TRIGGER reach_event_counted_fixed")
    op.execute(JOINT_GUARD)
