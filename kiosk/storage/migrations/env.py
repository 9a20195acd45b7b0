"""Alembic environment: runs migrations on the connection the app hands over.

The app always passes its own connection (see kiosk.storage.database.upgrade), so the
pragmas set on it apply to migrations too; there is no URL in an ini file to drift from the app's.
"""

from alembic import context

from kiosk.storage.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through kiosk.storage.database.upgrade, which passes a connection"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
