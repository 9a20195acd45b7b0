"""The central's database: tables, Alembic migrations, the engine, and the ingestion of events
(exactly once, dated by a clock that can be trusted)."""
