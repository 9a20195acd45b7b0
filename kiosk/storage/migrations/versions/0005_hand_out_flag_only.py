"""Handed-out events are recorded one way again: the flag on each event.

Revision 0004 added ``device_sequence.handed_out_through``, a number standing in for the flag on
every event up to it, to save the sync client one update per batch of a push. Two records of
one fact must agree everywhere they are read (the delete guard, outreach session locks), and the
saving was too small for anyone to notice, so the number goes and the flag is the record.

Every unsynced event the number covered gets its flag first, so nothing handed out becomes free
to delete; the delete guard reads the flag alone again. Downgrading puts the number back just
below the first unsynced event not handed out, as 0004 set it; the flags stay, and 0004 reads
them too.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen copies: a migration never imports the app's current code.
KEEP_SENT = "a synced or handed-out reach event cannot be deleted"
KEEP_SENT_BY_FLAG = f"""
    CREATE TRIGGER reach_event_keep_synced BEFORE DELETE ON reach_event
    WHEN OLD.synced_batch IS NOT NULL OR OLD.handed_out
    BEGIN
      SELECT RAISE(ABORT, '{KEEP_SENT}');
    END
    """
KEEP_SENT_BY_FLAG_OR_NUMBER = f"""
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
    op.execute(
        "UPDATE reach_event SET handed_out = 1 WHERE synced_batch IS NULL AND NOT handed_out"
        " AND seq <= (SELECT handed_out_through FROM device_sequence WHERE id = 1)"
    )
    op.execute("DROP TRIGGER reach_event_keep_synced")
    op.execute(KEEP_SENT_BY_FLAG)
    op.execute("DROP TRIGGER device_sequence_hand_out_forward")
    with op.batch_alter_table("device_sequence", recreate="always") as batch:
        batch.drop_constraint("hand_out_within_sequence", type_="check")
        batch.drop_column("handed_out_through")


def downgrade() -> None:
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
    op.execute(HAND_OUT_FORWARD)
    op.execute("DROP TRIGGER reach_event_keep_synced")
    op.execute(KEEP_SENT_BY_FLAG_OR_NUMBER)
