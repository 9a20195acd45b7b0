"""Retryable enrolment: an enrolment code remembers which request used it.

A device sends a random request id with its enrolment; when the answer is lost on the way, the
same code with the same request id (and device) is answered again, with a fresh token. The code
row keeps the sha256 of that request id and counts how often its answer was sent again. Codes
used before this migration have no request id, so they stay single use, as they were.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrolment_code") as batch:
        batch.add_column(sa.Column("request_hash", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("reissues", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("enrolment_code") as batch:
        batch.drop_column("reissues")
        batch.drop_column("request_hash")
