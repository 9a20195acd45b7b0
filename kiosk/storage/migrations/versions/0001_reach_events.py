"""First schema: anonymous reach events and local state.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reach_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("topic", sa.String(64), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.String(10), nullable=False),
        sa.Column("hour_bucket", sa.Integer(), nullable=False),
        sa.Column("content_version", sa.String(32), nullable=True),
        sa.Column("synced_batch", sa.String(36), nullable=True),
        sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
        sa.CheckConstraint("hour_bucket BETWEEN 0 AND 23", name="hour_bucket_range"),
    )
    op.create_index("ix_reach_event_synced_batch", "reach_event", ["synced_batch"])
    op.create_table(
        "local_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(256), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("local_state")
    op.drop_index("ix_reach_event_synced_batch", table_name="reach_event")
    op.drop_table("reach_event")
