"""How a query's days, time buckets and table are laid out, without a database."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from pydantic import ValidationError

from sync.central.stats import tables as stats
from sync.stats.exports import csv_text, table_rows
from sync.stats.labels import Labels
from sync.stats.protocol import (
    MAX_CELLS,
    StatsQuery,
    StatsQueryError,
    buckets,
    period_range,
    quarter_start,
)


@pytest.mark.parametrize(
    ("period", "day", "first", "last"),
    [
        ("day", date(2026, 2, 28), date(2026, 2, 28), date(2026, 2, 28)),
        ("week", date(2026, 1, 1), date(2025, 12, 29), date(2026, 1, 4)),  # ISO: Monday first
        ("month", date(2028, 2, 10), date(2028, 2, 1), date(2028, 2, 29)),
        ("quarter", date(2026, 11, 21), date(2026, 10, 1), date(2026, 12, 31)),
        ("year", date(2026, 7, 4), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_named_periods(period: str, day: date, first: date, last: date) -> None:
    assert period_range(period, day) == (first, last)


def test_quarters_are_written_like_2026q3() -> None:
    assert quarter_start("2026Q3") == date(2026, 7, 1)
    assert quarter_start("2026q1") == date(2026, 1, 1)
    with pytest.raises(StatsQueryError, match="not a quarter"):
        quarter_start("2026-Q5")


def test_week_buckets_are_iso_weeks_clipped_to_the_period() -> None:
    found = list(buckets("week", date(2026, 12, 30), date(2027, 1, 12)))
    assert found == [
        ("2026-W53", date(2026, 12, 30), date(2027, 1, 3)),
        ("2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        ("2027-W02", date(2027, 1, 11), date(2027, 1, 12)),
    ]


def test_a_table_too_big_to_publish_is_refused_with_a_reason() -> None:
    query = StatsQuery(
        period="custom",
        start=date(2000, 1, 1),
        end=date(2009, 12, 31),
        interval="day",
        group_by=("language",),
    )
    sums = {(("2000-01-01",), (language,)): 10 for language in ("en", "es", "fr", "pa", "th", "vi")}
    assert MAX_CELLS < 3653 * 6
    with pytest.raises(StatsQueryError, match="more than 20000"):
        stats.table(query, sums)


def test_a_layout_without_a_time_breakdown() -> None:
    query = StatsQuery(period="quarter", start=date(2026, 7, 1), group_by=("region", "sector"))
    sums = {
        (("kootenay",), ("agriculture",)): 30,
        (("kootenay",), ("caregiving",)): 12,
        (("cariboo",), ("agriculture",)): 7,
    }
    table = stats.table(query, sums)
    assert (table.row_dimension, table.column_dimensions) == ("region", ("sector",))
    assert [row.key for row in table.rows] == [("cariboo",), ("kootenay",)]
    assert [[cell.shown for cell in row] for row in table.cells] == [["7", "0"], ["30", "12"]]
    assert [c.shown for c in table.row_totals] == ["7", "42"]
    assert table.total.value == 49


@pytest.mark.parametrize(
    "fields",
    [
        {"period": "quarter", "start": date(2026, 7, 1), "end": date(2026, 9, 30)},
        {"period": "custom", "start": date(2000, 1, 1), "end": date(2011, 1, 1)},
        {"period": "day", "start": date(2026, 7, 1), "filters": {"language": ()}},
        {"period": "day", "start": date(2026, 7, 1), "filters": {"site": ("-",)}},
        {"period": "day", "start": date(2026, 7, 1), "group_by": ("a", "b", "c", "d")},
    ],
)
def test_queries_that_make_no_sense_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        StatsQuery.model_validate(fields)


def test_sessions_are_not_people_and_are_published_as_counted() -> None:
    """A funder reads how many outreach sessions were held in each region: a session is a
    meeting, not a person, so 2 sessions show as 2; the workers they reached stay protected."""
    sums = {
        (("kootenay",), ("agriculture",)): 2,
        (("kootenay",), ("caregiving",)): 1,
        (("cariboo",), ("agriculture",)): 9,
    }
    sessions = StatsQuery(
        period="quarter",
        start=date(2026, 7, 1),
        group_by=("region", "sector"),
        filters={"kind": ("outreach_session",)},
        measure="events",
    )
    table = stats.table(sessions, sums)
    assert not table.suppressed
    assert [[cell.shown for cell in row] for row in table.cells] == [["9", "0"], ["2", "1"]]
    assert table.total.shown == "12"
    labels = Labels("en")
    assert "not people" in labels.protection(table) and not labels.is_raw(table)

    workers = sessions.model_copy(update={"measure": "reach"})  # the people of those sessions
    protected = stats.table(workers, sums)
    assert protected.suppressed
    assert [[cell.shown for cell in row] for row in protected.cells][1] == ["<5", "<5"]
    cards = sessions.model_copy(update={"filters": {"kind": ("card_printed",)}})
    assert stats.table(cards, sums).suppressed  # cards printed are what people did


def test_a_raw_csv_export_says_raw_and_what_it_counts_in_the_file() -> None:
    query = StatsQuery(period="quarter", start=date(2026, 7, 1), group_by=("language",), raw=True)
    table = stats.table(query, {(("pa",), ()): 3, (("th",), ()): 40})
    rows = list(csv.reader(io.StringIO(csv_text(table, Labels("en"), made=date(2026, 12, 8)))))
    assert rows[0] == ["Reach statistics", "Raw counts: not suppressed. Do not publish."]
    about = dict((row[0], row[1]) for row in rows[: rows.index([])] if row[0])
    assert about["Period"] == "Jul 1, 2026 \N{EN DASH} Sep 30, 2026"
    assert about["Measure"] == "Reach" and about["Made on"] == "Dec 8, 2026"
    assert table_rows(rows)[1:3] == [["Punjabi", "3"], ["Thai", "40"]]

    published = stats.table(query.model_copy(update={"raw": False}), {(("pa",), ()): 3})
    first = next(csv.reader(io.StringIO(csv_text(published, Labels("en")))))
    assert first == ["Reach statistics", ""]
