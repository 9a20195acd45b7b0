"""Answers statistics queries: sums from the rollups (or the events), laid out and suppressed.

What is counted is defined once, here and in ``sync.stats_protocol``: *reach* is the visits
started at a kiosk plus the workers reached in outreach sessions (:func:`reach_condition`);
*events* counts events; *quantity* sums their quantities (cards, brochures, workers present).

Where the sums come from (:func:`plans`): the smallest rollup that has every dimension the query
groups or filters by, per month when the period is made of whole months and needs no finer time
buckets, else per day; a quarter by language then reads a few hundred rows whatever the number
of events. The events table itself only when asked (benchmarks, and the tests that check every
rollup against it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from sync.central import models
from sync.central.rollups import CUBES, Cube
from sync.central.suppression import extended, suppress
from sync.stats_protocol import (
    HIDDEN,
    MAX_CELLS,
    MEASURE_DEFINITIONS,
    NOT_SET,
    SMALL,
    Count,
    Header,
    StatsQuery,
    StatsQueryError,
    StatsTable,
    aligned_to_months,
    bucket_key,
    buckets,
)

RowKey = tuple[str, ...]
Sums = dict[tuple[RowKey, RowKey], int]
FINE_INTERVALS: Final = frozenset({"day", "week"})


@dataclass(frozen=True)
class Plan:
    """Where the sums come from: the events, a full rollup or a cube, per day or per month."""

    source: Literal["events", "full", "cube"]
    grain: Literal["day", "month"] = "day"
    cube: Cube | None = None

    def __str__(self) -> str:
        if self.source == "cube" and self.cube is not None:
            return f"cube {self.cube.key(self.grain)}"
        return f"{self.source} {self.grain}" if self.source == "full" else "events"


def reach_condition(table: Any) -> ColumnElement[bool]:
    """Which events (or rollup rows) count towards reach: the one definition of reach."""
    return or_(
        and_(table.c.channel == "kiosk", table.c.kind == "visit"),
        table.c.kind == "outreach_session",
    )


def _dimensions(query: StatsQuery) -> set[str]:
    return {*query.group_by, *query.filters}


def plans(query: StatsQuery) -> list[Plan]:
    """Every way to answer ``query``, fastest first; the last one reads the events."""
    first, last = query.days()
    grains: list[Literal["day", "month"]] = ["day"]
    if aligned_to_months(first, last) and query.interval not in FINE_INTERVALS:
        grains.insert(0, "month")
    found = [
        Plan("cube", grain, cube)
        for grain in grains
        for cube in CUBES
        if cube.covers(_dimensions(query))
    ]
    return [*found, *(Plan("full", grain) for grain in grains), Plan("events")]


def _measure(query: StatsQuery, table: Any, plan: Plan) -> ColumnElement[Any]:
    if query.measure == "events":
        return func.count() if plan.source == "events" else func.sum(table.c.events)
    if query.measure == "quantity":
        return func.sum(table.c.quantity)
    return func.sum(case((reach_condition(table), table.c.quantity), else_=0))


def _filter_value(dimension: str, value: str, plan: Plan) -> Any:
    if dimension == "assisted":
        return value if plan.source == "cube" else value == "true"
    if value == NOT_SET:
        return None if plan.source == "events" else ""
    return value


def _key_value(value: Any) -> str:
    if value is None or value == "":
        return NOT_SET
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def statement(query: StatsQuery, plan: Plan) -> Select[Any]:
    """The GROUP BY that sums what ``query`` asks for, the way ``plan`` says."""
    if plan.source == "events":
        table: Any = models.Event.__table__
        day_column = table.c.local_date
    else:
        table = {
            ("full", "day"): models.RollupDay.__table__,
            ("full", "month"): models.RollupMonth.__table__,
        }.get((plan.source, plan.grain), models.RollupCube.__table__)
        day_column = table.c.period

    def column(dimension: str) -> Any:
        return table.c[plan.cube.column(dimension) if plan.cube else dimension]

    first, last = query.days()
    if plan.grain == "month":
        first = first.replace(day=1)
    groups: list[Any] = [day_column] if query.interval != "none" else []
    groups += [column(dimension) for dimension in query.group_by]
    conditions: list[ColumnElement[bool]] = [day_column >= first, day_column <= last]
    if plan.cube is not None:
        conditions.insert(0, table.c.cube == plan.cube.key(plan.grain))
    for dimension, values in query.filters.items():
        wanted = [_filter_value(dimension, value, plan) for value in values]
        present = [value for value in wanted if value is not None]
        either = [column(dimension).in_(present)] if present else []
        if None in wanted:
            either.append(column(dimension).is_(None))
        conditions.append(or_(*either))
    return select(*groups, _measure(query, table, plan)).where(*conditions).group_by(*groups)


def compute(session: Session, query: StatsQuery, plan: Plan | None = None) -> Sums:
    """The raw sums, by (row key, column key), from ``plan`` (default: the fastest)."""
    plan = plan or plans(query)[0]
    sums: Sums = {}
    row_dimension = query.row_dimension
    timed = query.interval != "none"
    for result in session.execute(statement(query, plan)):
        *keys, value = result
        if value is None or value == 0:
            continue
        values = [_key_value(key) for key in (keys[1:] if timed else keys)]
        if timed:
            day: date = keys[0]
            row: RowKey = (bucket_key(query.interval, day),)
            column = tuple(values)
        elif row_dimension is not None:
            row, column = (values[0],), tuple(values[1:])
        else:
            row, column = (), ()
        sums[(row, column)] = sums.get((row, column), 0) + int(value)
    return sums


def table(query: StatsQuery, sums: Sums) -> StatsTable:
    """The published table: every row and column, totals, and (unless raw) suppression."""
    first, last = query.days()
    if query.interval != "none":
        rows = [
            Header(key=(key,), first=start, last=end)
            for key, start, end in buckets(query.interval, first, last)
        ]
    elif query.row_dimension is not None:
        rows = [Header(key=key) for key in sorted({row for row, _column in sums})]
    else:
        rows = [Header(key=())]
    if query.column_dimensions:
        columns = [Header(key=key) for key in sorted({column for _row, column in sums})]
    else:
        columns = [Header(key=())]
    if len(rows) * len(columns) > MAX_CELLS:
        raise StatsQueryError(
            f"this breakdown has {len(rows) * len(columns)} cells, more than {MAX_CELLS}: "
            "choose a longer interval, a shorter period or fewer dimensions"
        )
    cells = [[sums.get((row.key, column.key), 0) for column in columns] for row in rows]
    counts = _published(cells, len(columns), raw=query.raw)
    return StatsTable(
        query=query,
        first=first,
        last=last,
        measure=query.measure,
        definition=MEASURE_DEFINITIONS[query.measure],
        suppressed=not query.raw,
        row_dimension=query.row_dimension,
        column_dimensions=query.column_dimensions,
        rows=rows,
        columns=columns,
        cells=[row[:-1] for row in counts[:-1]],
        row_totals=[row[-1] for row in counts[:-1]],
        column_totals=counts[-1][:-1],
        total=counts[-1][-1],
    )


def _published(cells: Sequence[Sequence[int]], width: int, raw: bool) -> list[list[Count]]:
    """The extended table (cells plus totals) as published counts."""
    if raw:
        return [
            [Count(value=value, shown=str(value)) for value in row]
            for row in extended(cells, width)
        ]
    result = suppress(cells, columns=width)
    shown = {"small": SMALL, "hidden": HIDDEN}
    return [
        [
            Count(value=value, shown=str(value))
            if (status := result.status((i, j))) == "shown"
            else Count(value=None, shown=shown[status])
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(result.values)
    ]


def run(session: Session, query: StatsQuery, plan: Plan | None = None) -> StatsTable:
    return table(query, compute(session, query, plan))
