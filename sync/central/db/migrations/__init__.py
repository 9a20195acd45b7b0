"""Alembic migrations of the central's database (separate from the kiosk's)."""
