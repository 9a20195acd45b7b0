"""The funder report of a quarter still running reads as of the day it is made.

A coordinator makes the report for the current quarter on 8 December: the weekly trend must end
with the week in progress (marked partial), not plot the three weeks still to come as zeros, and
the quarters before the kiosks ran must say "no data" instead of drawing a zero. Tables come
from the central's own table code; the PDF's text is read back with pdftotext (poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from sync.central.stats import tables
from sync.stats import report
from sync.stats.protocol import buckets
from sync.stats.report_plan import report_queries

MADE = date(2026, 12, 8)  # a Tuesday in the quarter's tenth week
QUARTER = date(2026, 10, 1)


def reach_tables() -> dict[str, object]:
    """Every report table, from 30 kiosk visits and 12 outreach workers a day since Oct 1."""
    found = {}
    for name, query in report_queries(QUARTER).items():
        first, last = query.days()
        sums: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
        day = max(first, QUARTER)
        while day <= min(last, MADE):
            if query.interval == "none":
                row: tuple[str, ...] = ("kiosk",) if query.group_by == ("channel",) else ("es",)
                column: tuple[str, ...] = ()
            else:
                row = next((key,) for key, start, end in buckets(query.interval, first, last)
                           if start <= day <= end)  # fmt: skip
                column = ("kiosk",) if query.column_dimensions else ()
            sums[(row, column)] = sums.get((row, column), 0) + 30
            day += timedelta(days=1)
        found[name] = tables.table(query, sums)
    return found


def report_text(tmp_path) -> str:  # type: ignore[no-untyped-def]
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not found: install the Debian package 'poppler-utils'")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.build(reach_tables(), "en", made=MADE))  # type: ignore[arg-type]
    return subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_no_week_after_the_report_day_and_the_running_week_is_partial(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = report_text(tmp_path)
    assert "2026-W50 (partial)" in text  # Dec 7-13, still running on Dec 8
    for week in ("2026-W51", "2026-W52", "2026-W53"):
        assert week not in text  # weeks still to come are not drawn as a collapse to 0
    assert "2026-W40 (partial)" in text  # Oct 1-4: the quarter starts on a Thursday
    assert "2026-W45 (partial)" not in text and "2026-W45" in text
    assert "fewer than seven days" in text


def test_quarters_before_any_count_say_no_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = report_text(tmp_path).splitlines()
    quarters = {
        cells[0]: cells[1:] for line in lines if (cells := line.split()) and cells[0][:5] == "2026Q"
    }
    for before in ("2026Q1", "2026Q2", "2026Q3"):
        assert quarters[before] == ["no", "data"]  # before the kiosks ran: not a zero
    assert quarters["2026Q4"] == ["(partial)", "2,070"]  # Oct 1 to Dec 8: 69 days of 30
