"""People can be removed, and their last sign-in is kept.

Adds ``central_user.removed_at`` (a removed person keeps the row, so that the audit log and
anything else naming them still does, but can no longer sign in and has every token refused)
and ``central_user.last_sign_in_at`` (shown by ``outreach-central user list``; unknown for the
sign-ins before this revision).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both back-ends (SQLite drops a column itself since 3.35): a batch
# operation would copy central_user, which the user tokens refer to.


def upgrade() -> None:
    op.add_column("central_user", sa.Column("last_sign_in_at", sa.DateTime(), nullable=True))
    op.add_column("central_user", sa.Column("removed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("central_user", "removed_at")
    op.drop_column("central_user", "last_sign_in_at")
