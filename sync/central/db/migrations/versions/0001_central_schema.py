"""First central schema: sites, devices and their tokens, enrolment codes, users, events, packs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("site", sa.String(64), sa.ForeignKey("site.code"), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "device_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("device", sa.String(64), sa.ForeignKey("device.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_device_token_device", "device_token", ["device"])
    op.create_table(
        "enrolment_code",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("site", sa.String(64), sa.ForeignKey("site.code"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("used_by", sa.String(64), nullable=True),
    )
    op.create_table(
        "central_user",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('coordinator', 'viewer')", name="user_role"),
    )
    op.create_table(
        "event",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
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
    op.create_index("ix_event_local_date_site", "event", ["local_date", "site"])
    op.create_table(
        "content_pack",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False, unique=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("signed", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("content_pack")
    op.drop_index("ix_event_local_date_site", table_name="event")
    op.drop_table("event")
    op.drop_table("central_user")
    op.drop_table("enrolment_code")
    op.drop_index("ix_device_token_device", table_name="device_token")
    op.drop_table("device_token")
    op.drop_table("device")
    op.drop_table("site")
