"""The device's SQLite database: one engine factory with its pragmas, the tables, migrations.

- :mod:`kiosk.storage.database`: opening the file, migrating it, sessions
- :mod:`kiosk.storage.schema`: the tables
- :mod:`kiosk.storage.transactions`: SQLite transactions as SQLAlchemy should run them
- ``migrations/``: Alembic's versions, applied before anything else touches the file
"""
