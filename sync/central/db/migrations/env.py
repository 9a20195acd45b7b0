"""Alembic environment of the central: runs migrations on the connection the app hands over.

The app passes its own connection (see sync.central.db.database.upgrade), so there is no URL in an
ini file to drift from the one the server uses.
"""

from alembic import context

from sync.central.db.database import VERSION_TABLE
from sync.central.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through sync.central.db.database.upgrade")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
