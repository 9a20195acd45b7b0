"""Answers statistics queries: sums from the rollups (or the events), laid out and suppressed.

What is counted is defined once, here and in ``sync.stats.protocol``: *reach* is the visits
started at a kiosk plus the workers reached in outreach sessions (:func:`reach_condition`);
*events* counts events; *quantity* sums their quantities (cards, brochures, workers present).

Where the sums come from (:func:`plans`): the smallest rollup that has every dimension the query
groups or filters by, per month when the period is made of whole months and needs no finer time
buckets, else per day; a quarter by language then reads a few hundred rows whatever the number
of events. The events table itself only when asked (benchmarks, and the tests that check every
rollup against it).

Each figure comes with the part of it that was counted on the day it reached the central
because its device's clock was wrong (``sync.central.db.clock``), summed by the same query: the
table says how much of its total and of each row that is (:func:`redated_counts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from sync.central.db import models
from sync.central.stats.rollups import CUBES, Cube
from sync.central.stats.suppression import extended, suppress
from sync.stats.protocol import (
    HIDDEN,
    MAX_CELLS,
    MEASURE_DEFINITIONS,
    NOT_SET,
    SMALL,
    SMALL_CELL_LIMIT,
    Count,
    Header,
    StatsQuery,
    StatsQueryError,
    StatsTable,
    aligned_to_months,
    bucket_key,
    buckets,
    counts_people,
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


def _redated_measure(query: StatsQuery, table: Any, plan: Plan) -> ColumnElement[Any]:
    """The part of :func:`_measure` counted on its arrival day for a wrong device clock."""
    if plan.source == "events":
        redated = table.c.claimed_date.is_not(None)
        if query.measure == "events":
            return func.count(table.c.claimed_date)
        if query.measure == "quantity":
            return func.sum(case((redated, table.c.quantity), else_=0))
        return func.sum(case((and_(redated, reach_condition(table)), table.c.quantity), else_=0))
    if query.measure == "events":
        return func.sum(table.c.redated_events)
    if query.measure == "quantity":
        return func.sum(table.c.redated_quantity)
    return func.sum(case((reach_condition(table), table.c.redated_quantity), else_=0))


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
    measures = (_measure(query, table, plan), _redated_measure(query, table, plan))
    return select(*groups, *measures).where(*conditions).group_by(*groups)


@dataclass(frozen=True)
class Figures:
    """The raw sums of a query, by (row key, column key), and the part of each counted on its
    arrival day because a device's clock was wrong (only the keys where there is some)."""

    sums: Sums
    redated: Sums


def compute(session: Session, query: StatsQuery, plan: Plan | None = None) -> Sums:
    """The raw sums, by (row key, column key), from ``plan`` (default: the fastest)."""
    return figures(session, query, plan).sums


def figures(session: Session, query: StatsQuery, plan: Plan | None = None) -> Figures:
    """The raw sums and their re-dated parts, from ``plan`` (default: the fastest)."""
    plan = plan or plans(query)[0]
    sums: Sums = {}
    redated: Sums = {}
    row_dimension = query.row_dimension
    timed = query.interval != "none"
    for result in session.execute(statement(query, plan)):
        *keys, value, redated_value = result
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
        if redated_value:
            redated[(row, column)] = redated.get((row, column), 0) + int(redated_value)
    return Figures(sums, redated)


def table(query: StatsQuery, sums: Sums, redated: Sums | None = None) -> StatsTable:
    """The published table: every row and column, totals, and (unless raw) suppression; with
    the re-dated parts of the row totals and of the total (:func:`redated_counts`)."""
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
    protected = not query.raw and counts_people(query)
    counts = _published(cells, len(columns), raw=not protected)
    by_row = [0] * len(rows)
    row_index = {row.key: index for index, row in enumerate(rows)}
    for (row_key, _column), value in (redated or {}).items():
        by_row[row_index[row_key]] += value
    row_totals = [row[-1] for row in counts[:-1]]
    total = counts[-1][-1]
    row_redated = [
        redated_counts(value, row_total, raw=not protected)
        for value, row_total in zip(by_row, row_totals, strict=True)
    ]
    return StatsTable(
        query=query,
        first=first,
        last=last,
        measure=query.measure,
        definition=MEASURE_DEFINITIONS[query.measure],
        suppressed=protected,
        row_dimension=query.row_dimension,
        column_dimensions=query.column_dimensions,
        rows=rows,
        columns=columns,
        cells=[row[:-1] for row in counts[:-1]],
        row_totals=row_totals,
        column_totals=counts[-1][:-1],
        total=total,
        redated=_redated_total(sum(by_row), total, row_redated, raw=not protected),
        row_redated=row_redated,
    )


def redated_counts(value: int, of: Count, raw: bool) -> Count:
    """How much of the published figure ``of`` was re-dated for a wrong clock, as published.

    Suppressed like the figure it is part of, and never telling more about it: exact when 0
    (which says nothing of the figure) or when the figure is shown and the part is not small;
    ``<5`` when the part is small or the figure is; hidden (``x``) when the figure is, since a
    part would give a hidden figure a lower bound, and when the rest of the figure (the part
    counted on its own day) is small, since the figure less the part would give it away.
    """
    if raw or value == 0:
        return Count(value=value, shown=str(value))
    if of.value is None:
        return Count(value=None, shown=SMALL if of.shown == SMALL else HIDDEN)
    if value < SMALL_CELL_LIMIT:
        return Count(value=None, shown=SMALL)
    if 0 < of.value - value < SMALL_CELL_LIMIT:
        return Count(value=None, shown=HIDDEN)
    return Count(value=value, shown=str(value))


def _redated_total(value: int, total: Count, rows: Sequence[Count], raw: bool) -> Count:
    """The re-dated part of the total: as :func:`redated_counts`, but hidden when a row's part
    is, which the total's part less the shown ones would give away."""
    published = redated_counts(value, total, raw)
    if published.value and any(part.value is None for part in rows):
        return Count(value=None, shown=HIDDEN)
    return published


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
    found = figures(session, query, plan)
    published = table(query, found.sums, found.redated)
    return published.model_copy(update={"site_names": site_names(session, published)})


def site_names(session: Session, published: StatsTable) -> dict[str, str]:
    """The names of the sites a table shows or is filtered by, as coordinators named them:
    a funder reads "YVR arrivals desk", not "yvr"."""
    codes = set(published.query.filters.get("site", ()))
    if published.row_dimension == "site":
        codes |= {row.key[0] for row in published.rows}
    for column in published.columns:
        codes |= {
            code
            for dimension, code in zip(published.column_dimensions, column.key, strict=True)
            if dimension == "site"
        }
    codes.discard(NOT_SET)
    if not codes:
        return {}
    found = session.execute(
        select(models.Site.code, models.Site.name).where(models.Site.code.in_(codes))
    )
    return {code: name for code, name in found.all() if name}
