"""Reach rollups: events and quantities summed per day and per month, in full and in small cubes.

Why rollups: a quarter's breakdown must answer in well under a tenth of a second over tens of
millions of events. Summing a few thousand rollup rows does; scanning the events does not.

Two kinds of rollup, each per day and per month: the *full* rollups (``rollup_day``,
``rollup_month``) keep every dimension, so any query can be answered from them; the *cubes*
(``rollup_cube``) keep channel and kind (which reach needs) plus one to three dimensions, so the
common breakdowns (by language, site, topic, region...) read a few hundred rows per period
instead of tens of thousands. ``sync.central.stats.tables`` picks the smallest rollup that has every
dimension a query groups or filters by.

Why at ingest, in the same transaction as the events: the rollups can then never disagree with
the events. A batch refused as a whole rolls both back; a retried batch adds nothing, because
only the events this transaction really inserted are added: the insert's ``RETURNING`` names
them, and ``ON CONFLICT DO NOTHING`` skipped the others.

A dimension an event does not carry is stored as '' so that a rollup's primary key names one
row and ``ON CONFLICT`` can add to it; rows are upserted in key order so that two PostgreSQL
transactions touching the same rows lock them in the same order and cannot deadlock.

Every row also sums, apart, the events in it that were counted on the day they arrived because
their device's clock was wrong (``redated_events``, ``redated_quantity``; see
``sync.central.db.clock``): the statistics can then say how much of any figure that is, from the
same rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress
from operator import itemgetter
from typing import Any, Final

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from kiosk.reach.fields import EVENT_FIELDS, NULLABLE_DIMENSIONS
from sync.central.db import models

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
NULLABLE: Final = NULLABLE_DIMENSIONS
UNSET: Final = ""
"""How a rollup stores a dimension the event does not carry."""
SUMMED: Final = ("events", "quantity", "redated_events", "redated_quantity")
"""What a rollup row sums, in the order of a key's sums (:data:`Sums`)."""
GRAINS: Final = ("day", "month")
CUBE_VALUES: Final = 3


@dataclass(frozen=True)
class Cube:
    """A small rollup: channel, kind and these dimensions (stored as v1, v2, v3)."""

    name: str
    dimensions: tuple[str, ...]

    def key(self, grain: str) -> str:
        """The value of ``rollup_cube.cube`` for this cube at ``grain``."""
        return f"{self.name}/{grain}"

    def column(self, dimension: str) -> str:
        if dimension in ("channel", "kind"):
            return dimension
        return f"v{self.dimensions.index(dimension) + 1}"

    def covers(self, dimensions: Iterable[str]) -> bool:
        return set(dimensions) <= {"channel", "kind", *self.dimensions}


CUBES: Final = (
    Cube("base", ()),
    Cube("assisted", ("assisted",)),
    Cube("topic", ("topic",)),
    Cube("language", ("language",)),
    Cube("site", ("site",)),
    Cube("outreach", ("region", "sector", "stream")),
    Cube("language-topic", ("language", "topic")),
    Cube("language-site", ("language", "site")),
)
"""Smallest first: the first cube that has a query's dimensions answers it."""

_INDEX = {name: index for index, name in enumerate(EVENT_FIELDS)}
_DIMENSION_INDEXES = tuple(_INDEX[name] for name in ROLLUP_DIMENSIONS)
_DATE = _INDEX["local_date"]
_QUANTITY = _INDEX["quantity"]
_UUID = _INDEX["uuid"]
_POSITION = {name: position for position, name in enumerate(ROLLUP_DIMENSIONS)}
_CUBE_POSITIONS = tuple(
    (cube, tuple(_POSITION[dimension] for dimension in cube.dimensions)) for cube in CUBES
)
_CHANNEL, _KIND, _ASSISTED = _POSITION["channel"], _POSITION["kind"], _POSITION["assisted"]

Key = tuple[Any, ...]
Sums = dict[Key, list[int]]


def month_of(day: date) -> date:
    return day.replace(day=1)


def columns_of(columns: Sequence[Sequence[Any]], uuids: set[str]) -> list[Sequence[Any]]:
    """``columns`` (the wire fields, a sequence each) kept only for events whose uuid is in
    ``uuids``."""
    keep = [uuid in uuids for uuid in columns[_UUID]]
    return [list(compress(values, keep)) for values in columns]


def _add(sums: Sums, key: Key, values: list[int]) -> None:
    """Add ``values`` (events, quantity, re-dated events, re-dated quantity) to ``key``."""
    found = sums.get(key)
    if found is None:
        sums[key] = values.copy()
    else:  # written out: this runs for every rollup row of every batch
        found[0] += values[0]
        found[1] += values[1]
        found[2] += values[2]
        found[3] += values[3]


def _flag(value: Any) -> str:
    """How a cube stores ``assisted``: its values are strings."""
    return "true" if value else "false"


def sums_of(
    columns: Sequence[Sequence[Any]], claimed: Sequence[date | None] | None = None
) -> tuple[Sums, Sums, Sums]:
    """The events' sums for the full day rollup, the full month rollup and the cubes;
    ``columns`` are the events' wire fields, a sequence each, and ``claimed`` the dates their
    devices gave the events re-dated to their arrival (None for the others, or in place of
    the list when there are none)."""
    # Summed by the raw key first (a device's batch has few distinct keys), tidied after.
    # Counting keys is done in C by Counter; quantities other than 1 (outreach sessions'
    # counts) are added on top, event by event, in the batches that have any; so are
    # re-dated events.
    keys = list(zip(*(columns[index] for index in (_DATE, *_DIMENSION_INDEXES)), strict=True))
    raw: Sums = {key: [events, events, 0, 0] for key, events in Counter(keys).items()}
    quantities = columns[_QUANTITY]
    if quantities.count(1) != len(quantities):
        for key, quantity in zip(keys, quantities, strict=True):
            if quantity != 1:
                raw[key][1] += quantity - 1
    if claimed is not None:
        for key, quantity, wrong in zip(keys, quantities, claimed, strict=True):
            if wrong is not None:
                raw[key][2] += 1
                raw[key][3] += quantity
    day: Sums = {}
    for key, values in raw.items():
        tidy = tuple(UNSET if value is None else value for value in key)
        _add(day, tidy, values)
    month: Sums = {}
    for key, values in day.items():
        _add(month, (month_of(key[0]), *key[1:]), values)
    cubes: Sums = {}
    for grain, full in (("day", day), ("month", month)):
        for cube, positions in _CUBE_POSITIONS:
            name = (cube.key(grain),)
            padding = (UNSET,) * (CUBE_VALUES - len(positions))
            # A full key is (period, *ROLLUP_DIMENSIONS): pick the cube's part of it.
            pick = itemgetter(0, 1 + _CHANNEL, 1 + _KIND, *(1 + p for p in positions))
            flags = 3 + positions.index(_ASSISTED) if _ASSISTED in positions else None
            for key, values in full.items():
                picked = pick(key)
                if flags is not None:
                    picked = (*picked[:flags], _flag(picked[flags]), *picked[flags + 1 :])
                _add(cubes, name + picked + padding, values)
    return day, month, cubes


def add_events(
    session: Session,
    columns: Sequence[Sequence[Any]],
    claimed: Sequence[date | None] | None = None,
) -> None:
    """Add events to every rollup; ``columns`` are their wire fields, in ``EVENT_FIELDS``
    order, a sequence each (the dates they are counted on), and ``claimed`` the dates their
    devices gave those re-dated to their arrival (see :func:`sums_of`)."""
    if not columns[0]:
        return
    connection = session.connection()
    day, month, cubes = sums_of(columns, claimed)
    full_columns = ("period", *ROLLUP_DIMENSIONS)
    cube_columns = ("cube", "period", "channel", "kind", "v1", "v2", "v3")
    _upsert(connection, models.RollupDay.__tablename__, full_columns, day)
    _upsert(connection, models.RollupMonth.__tablename__, full_columns, month)
    _upsert(connection, models.RollupCube.__tablename__, cube_columns, cubes)


def _sort_key(item: tuple[Key, list[int]]) -> tuple[str, ...]:
    return tuple(str(value) for value in item[0])


def _upsert(
    connection: Connection, table_name: str, key_columns: Sequence[str], sums: Sums
) -> None:
    """Add ``sums`` to a rollup, straight through the driver (as ingest inserts events)."""
    dialect = connection.dialect
    table = models.Base.metadata.tables[table_name]
    columns = (*key_columns, *SUMMED)
    processors = [
        (index, process)
        for index, name in enumerate(columns)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    prepared = []
    for key, sums_of_key in sorted(sums.items(), key=_sort_key):
        values = [*key, *sums_of_key]
        for index, process in processors:
            values[index] = process(values[index])
        prepared.append(tuple(values))
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    added = ", ".join(f"{name} = {table_name}.{name} + excluded.{name}" for name in SUMMED)
    statement = (
        f"INSERT INTO {table_name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {added}"
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


def _cube_sql(dimension: str) -> str:
    if dimension == "assisted":
        return "CASE WHEN assisted THEN 'true' ELSE 'false' END"
    return dimension


def rebuild(connection: Connection) -> None:
    """Recompute every rollup from the events (repairs, and bulk loads that bypass ingest)."""
    values = ", ".join(
        f"COALESCE({name}, '')" if name in NULLABLE else name for name in ROLLUP_DIMENSIONS
    )
    columns = ", ".join(ROLLUP_DIMENSIONS)
    summed = ", ".join(SUMMED)
    redated = "COALESCE(SUM(CASE WHEN claimed_date IS NOT NULL THEN quantity END), 0)"
    for table, period in (
        (models.RollupDay.__tablename__, "local_date"),
        (models.RollupMonth.__tablename__, _month_sql(connection.dialect.name)),
    ):
        connection.execute(text(f"DELETE FROM {table}"))
        connection.execute(
            text(
                f"INSERT INTO {table} (period, {columns}, {summed}) "
                f"SELECT {period}, {values}, COUNT(*), SUM(quantity), COUNT(claimed_date), "
                f"{redated} FROM event GROUP BY {period}, {values}"
            )
        )
    connection.execute(text(f"DELETE FROM {models.RollupCube.__tablename__}"))
    for grain, source in (
        ("day", models.RollupDay.__tablename__),
        ("month", models.RollupMonth.__tablename__),
    ):
        for cube in CUBES:
            dimensions = [_cube_sql(d) for d in cube.dimensions]
            padded = dimensions + ["''"] * (CUBE_VALUES - len(dimensions))
            grouped = ", ".join(["period", "channel", "kind", *dimensions])
            connection.execute(
                text(
                    f"INSERT INTO {models.RollupCube.__tablename__} "
                    f"(cube, period, channel, kind, v1, v2, v3, {summed}) "
                    f"SELECT :cube, period, channel, kind, {', '.join(padded)}, "
                    f"{', '.join(f'SUM({name})' for name in SUMMED)} FROM {source} "
                    f"GROUP BY {grouped}"
                ),
                {"cube": cube.key(grain)},
            )
