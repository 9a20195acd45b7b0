"""Alembic migrations of the kiosk's local database, applied at every start."""
