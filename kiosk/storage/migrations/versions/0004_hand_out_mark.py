"""Events handed to the sync client are marked by one number, not one update per event.

Handing out a batch used to set ``handed_out`` on every row of it: an update per event that cost
the device about a tenth of its work in a push of a long backlog. The sync client reads the
backlog in sequence order, each read after the last event it already holds, so what it has been
handed is every unsynced event up to some sequence number. ``device_sequence`` keeps that number
(``handed_out_through``); an event numbered at or below it counts as handed out exactly as one
whose ``handed_out`` flag is set (the flag stays for rows marked before, and for a read that
skips ahead). The number only moves forward and never passes the last number given out, and the
guard against deleting a handed-out event reads it.

The number starts exact: just below the first unsynced event not yet handed out (or at the last
sequence number when there is none), so no event is counted as handed out that was not.
Downgrading sets the flag on every event the number covered.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copies: a migration never imports the app's current code.
KEEP_SENT = "a synced or handed-out reach event cannot be deleted"
KEEP_SENT_BEFORE = f"""
    CREATE TRIGGER reach_event_keep_synced BEFORE DELETE ON reach_event
    WHEN OLD.synced_batch IS NOT NULL OR OLD.handed_out
    BEGIN
      SELECT RAISE(ABORT, '{KEEP_SENT}');
    END
    """
KEEP_SENT_NOW = f"""
    CREATE TRIGGER reach_event_keep_synced BEFORE DELETE ON reach_event
    WHEN OLD.synced_batch IS NOT NULL OR OLD.handed_out
      OR OLD.seq <= (SELECT handed_out_through FROM device_sequence WHERE id = 1)
    BEGIN
      SELECT RAISE(ABORT, '{KEEP_SENT}');
    END
    """
HAND_OUT_FORWARD = """
    CREATE TRIGGER device_sequence_hand_out_forward
    BEFORE UPDATE OF handed_out_through ON device_sequence
    WHEN NEW.handed_out_through < OLD.handed_out_through
    BEGIN
      SELECT RAISE(ABORT, 'events handed to the sync client stay handed out');
    END
    """


def upgrade() -> None:
    with op.batch_alter_table("device_sequence", recreate="always") as batch:
        batch.add_column(
            sa.Column(
                "handed_out_through", sa.Integer(), nullable=False, server_default=sa.text("0")
            )
        )
        batch.create_check_constraint(
            "hand_out_within_sequence", "handed_out_through BETWEEN 0 AND last_seq"
        )
    op.execute(
        "UPDATE device_sequence SET handed_out_through = coalesce("
        " (SELECT min(seq) - 1 FROM reach_event WHERE synced_batch IS NULL AND NOT handed_out),"
        " last_seq)"
    )
    op.execute("DROP TRIGGER reach_event_keep_synced")
    op.execute(KEEP_SENT_NOW)
    op.execute(HAND_OUT_FORWARD)


def downgrade() -> None:
    op.execute(
        "UPDATE reach_event SET handed_out = 1 WHERE synced_batch IS NULL AND NOT handed_out"
        " AND seq <= (SELECT handed_out_through FROM device_sequence WHERE id = 1)"
    )
    op.execute("DROP TRIGGER device_sequence_hand_out_forward")
    op.execute("DROP TRIGGER reach_event_keep_synced")
    op.execute(KEEP_SENT_BEFORE)
    with op.batch_alter_table("device_sequence", recreate="always") as batch:
        batch.drop_constraint("hand_out_within_sequence", type_="check")
        batch.drop_column("handed_out_through")
