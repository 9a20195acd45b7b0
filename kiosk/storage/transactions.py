"""Explicit SQLite transactions, so schema changes are all-or-nothing.

Why: Python's sqlite3 driver, left to itself, opens a transaction only before INSERT, UPDATE and
DELETE; CREATE TABLE and the other schema statements run outside any transaction. A power cut in
the middle of a migration then leaves half a schema behind, and the next start fails with "table
already exists" — a kiosk that never starts again. Switching the driver's guessing off and letting
SQLAlchemy emit BEGIN itself (the recipe in SQLAlchemy's pysqlite documentation) makes every
transaction, DDL included, atomic.

A connection run with the execution option ``IMMEDIATE_OPTION`` begins with BEGIN IMMEDIATE: a
writer takes SQLite's write lock up front and waits its turn, instead of failing with "database is
locked" when another writer committed between its first read and its first write.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, Engine, event

IMMEDIATE_OPTION = "sqlite_begin_immediate"


def use_explicit_transactions(engine: Engine) -> None:
    """Make every transaction on ``engine`` (a SQLite engine) a real, explicit one."""
    event.listen(engine, "connect", _driver_autocommit)
    event.listen(engine, "begin", _begin)


def _driver_autocommit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver no longer begins or commits by itself


def _begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(IMMEDIATE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
