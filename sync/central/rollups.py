"""Reach rollups: events and quantities summed per day and per month over every dimension.

Why rollups: a quarter's breakdown must answer in well under a second over tens of millions of
events. Summing a few tens of thousands of rollup rows does; scanning the events does not.

Why at ingest, in the same transaction as the events: the rollups can then never disagree with
the events. A batch refused as a whole rolls both back; a retried batch adds nothing, because
only the events this transaction really inserted are added (``ON CONFLICT DO NOTHING`` skipped
the others). Which ones those were is known without reading anything back in the usual cases
(all new, or none); for a batch that is partly new it is read back by a marker only this
transaction's rows carry: on SQLite (one writer at a time) ids above the largest id before the
insert, on PostgreSQL rows whose ``xmin`` is this transaction's id.

A dimension an event does not carry is stored as '' so that the rollup's primary key names one
row and ``ON CONFLICT`` adds to it; rows are upserted in key order so that two PostgreSQL
transactions touching the same rows lock them in the same order and cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Final, TypeVar

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from sync.central import models
from sync.protocol import EVENT_FIELDS

ROLLUP_DIMENSIONS: Final = (
    "site",
    "channel",
    "kind",
    "language",
    "topic",
    "assisted",
    "region",
    "sector",
    "stream",
)
NULLABLE: Final = frozenset({"language", "topic", "region", "sector", "stream"})
UNSET: Final = ""
"""How a rollup stores a dimension the event does not carry."""
SELECT_CHUNK: Final = 500

_INDEX = {name: index for index, name in enumerate(EVENT_FIELDS)}
_DIMENSION_INDEXES = tuple(_INDEX[name] for name in ROLLUP_DIMENSIONS)
_NULLABLE_INDEXES = frozenset(_INDEX[name] for name in NULLABLE)
_DATE = _INDEX["local_date"]
_QUANTITY = _INDEX["quantity"]
_UUID = _INDEX["uuid"]

Key = tuple[Any, ...]


def month_of(day: date) -> date:
    return day.replace(day=1)


def _same_day(day: date) -> date:
    return day


GRAINS: Final[tuple[tuple[str, Callable[[date], date]], ...]] = (
    (models.RollupDay.__tablename__, _same_day),
    (models.RollupMonth.__tablename__, month_of),
)


def insert_marker(session: Session) -> int | None:
    """What ``inserted_uuids`` needs to tell this transaction's rows apart, read before the
    insert (SQLite: the largest event id; PostgreSQL: nothing)."""
    if session.connection().dialect.name != "sqlite":
        return None
    return int(session.execute(text("SELECT COALESCE(MAX(id), 0) FROM event")).scalar_one())


def inserted_uuids(session: Session, uuids: Sequence[str], marker: int | None) -> set[str]:
    """Those of ``uuids`` whose rows this transaction inserted."""
    if session.connection().dialect.name == "sqlite":
        condition, extra = "id > :marker", {"marker": marker}
    else:
        condition, extra = "xmin = pg_current_xact_id()::xid", {}
    found: set[str] = set()
    for start in range(0, len(uuids), SELECT_CHUNK):
        chunk = list(uuids[start : start + SELECT_CHUNK])
        names = ", ".join(f":u{index}" for index in range(len(chunk)))
        statement = text(f"SELECT uuid FROM event WHERE uuid IN ({names}) AND {condition}")
        params = {f"u{index}": uuid for index, uuid in enumerate(chunk)} | extra
        found.update(session.execute(statement, params).scalars())
    return found


Row = TypeVar("Row", bound=Sequence[Any])


def rows_of(rows: Iterable[Row], uuids: set[str]) -> list[Row]:
    """Those of ``rows`` (wire tuples) whose uuid is in ``uuids``."""
    return [row for row in rows if row[_UUID] in uuids]


def add_events(session: Session, rows: Sequence[Sequence[Any]]) -> None:
    """Add events (tuples of the wire fields, in ``EVENT_FIELDS`` order) to every rollup."""
    if not rows:
        return
    connection = session.connection()
    for table, period_of in GRAINS:
        sums: dict[Key, list[int]] = {}
        for row in rows:
            key = (
                period_of(row[_DATE]),
                *(
                    UNSET if (value := row[index]) is None and index in _NULLABLE_INDEXES else value
                    for index in _DIMENSION_INDEXES
                ),
            )
            found = sums.get(key)
            if found is None:
                sums[key] = [1, row[_QUANTITY]]
            else:
                found[0] += 1
                found[1] += row[_QUANTITY]
        _upsert(connection, table, sorted(sums.items(), key=_sort_key))


def _sort_key(item: tuple[Key, list[int]]) -> tuple[str, ...]:
    return tuple(str(value) for value in item[0])


def _upsert(connection: Connection, table_name: str, sums: list[tuple[Key, list[int]]]) -> None:
    """Add ``sums`` to the rollup, straight through the driver (as ingest inserts events)."""
    dialect = connection.dialect
    table = models.Base.metadata.tables[table_name]
    columns = ("period", *ROLLUP_DIMENSIONS, "events", "quantity")
    processors = [
        (index, process)
        for index, name in enumerate(columns)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    prepared = []
    for key, (events, quantity) in sums:
        values = [*key, events, quantity]
        for index, process in processors:
            values[index] = process(values[index])
        prepared.append(tuple(values))
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    key_columns = ", ".join(columns[:-2])
    statement = (
        f"INSERT INTO {table_name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))}) "
        f"ON CONFLICT ({key_columns}) DO UPDATE SET "
        f"events = {table_name}.events + excluded.events, "
        f"quantity = {table_name}.quantity + excluded.quantity"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(statement, prepared)
    finally:
        cursor.close()


def _month_sql(dialect: str) -> str:
    if dialect == "sqlite":
        return "date(local_date, 'start of month')"
    return "CAST(date_trunc('month', local_date) AS date)"


def rebuild(connection: Connection) -> None:
    """Recompute every rollup from the events (repairs, and bulk loads that bypass ingest)."""
    values = ", ".join(
        f"COALESCE({name}, '')" if name in NULLABLE else name for name in ROLLUP_DIMENSIONS
    )
    columns = ", ".join(ROLLUP_DIMENSIONS)
    for table, period in (
        (models.RollupDay.__tablename__, "local_date"),
        (models.RollupMonth.__tablename__, _month_sql(connection.dialect.name)),
    ):
        connection.execute(text(f"DELETE FROM {table}"))
        connection.execute(
            text(
                f"INSERT INTO {table} (period, {columns}, events, quantity) "
                f"SELECT {period}, {values}, COUNT(*), SUM(quantity) FROM event "
                f"GROUP BY {period}, {values}"
            )
        )
