"""A table over time as of a day: no buckets after it, clipped buckets marked, empty ones said.

Why: a quarter's weekly trend drawn on the day the report is made would plot the weeks still to
come as zeros, which reads as reach collapsing; the week the quarter starts or ends in, and the
week in progress, hold fewer than seven days and would read as a drop too. The central answers
every bucket of the period it was asked for; what is shown of them as of a day is decided here,
once, for the report and the window alike.
"""

from __future__ import annotations

from datetime import date

from sync.stats.protocol import Count, Header, StatsTable, period_range


def until(table: StatsTable, day: date) -> StatsTable:
    """The table without its time buckets that start after ``day``.

    Totals stay as published: a bucket after ``day`` cannot hold a count (events are dated on
    or before the day they reach the central), so dropping it changes no total.
    """
    if table.query.interval == "none":
        return table
    keep = [i for i, row in enumerate(table.rows) if row.first is None or row.first <= day]
    return table.model_copy(
        update={
            "rows": [table.rows[i] for i in keep],
            "cells": [table.cells[i] for i in keep],
            "row_totals": [table.row_totals[i] for i in keep],
            "row_redated": [table.row_redated[i] for i in keep] if table.row_redated else [],
        }
    )


def partial(table: StatsTable, row: Header, day: date) -> bool:
    """Whether the bucket holds fewer days than its whole week, month or quarter as of ``day``:
    clipped by the period asked for, or still running on ``day``."""
    if table.query.interval == "none" or row.first is None or row.last is None:
        return False
    start, end = period_range(table.query.interval, row.first)  # an interval names its period
    return row.first > start or row.last < end or row.last > day >= row.first


def short_name(bucket: str) -> str:
    """A week 2026-W27 as W27 on a chart's axis (the year is in the title or the period); a
    full name under each point of a quarter's weeks would not fit, and would be elided."""
    return bucket.split("-")[-1] if "-W" in bucket else bucket


def with_no_data(table: StatsTable, no_data: str) -> StatsTable:
    """The table with every time bucket where nothing was counted shown as ``no_data``: a
    quarter before the kiosks ran is not a quarter nobody came (a chart draws no bar for it)."""
    if table.query.interval == "none":
        return table
    said = Count(value=None, shown=no_data)
    empty = [total.value == 0 for total in table.row_totals]
    return table.model_copy(
        update={
            "cells": [
                [said] * len(cells) if nothing else cells
                for cells, nothing in zip(table.cells, empty, strict=True)
            ],
            "row_totals": [
                said if nothing else total
                for total, nothing in zip(table.row_totals, empty, strict=True)
            ],
        }
    )
