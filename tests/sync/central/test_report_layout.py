"""No two words of the funder report are drawn over each other, in any coordinator language.

The widest table is outreach sessions by region and sector (every region, every sector): its
Spanish column headings ran into each other. Each word's box is read back with
``pdftotext -bbox`` (poppler-utils), and any two that overlap on a page fail the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.reach.vocabulary import BC_REGIONS, SECTORS
from sync.central.stats import tables
from sync.stats import report
from sync.stats.protocol import StatsTable, buckets
from sync.stats.report_plan import report_queries

QUARTER = date(2026, 7, 1)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
Box = tuple[float, float, float, float, str]


def widest_tables() -> dict[str, StatsTable]:
    """Every report table, with sessions in every region and sector."""
    found = {}
    for name, query in report_queries(QUARTER).items():
        sums: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
        if name == "sessions":
            for i, region in enumerate(BC_REGIONS):
                for j, sector in enumerate(SECTORS):
                    sums[((region,), (sector,))] = 5 + i + j
        elif name == "workers":
            sums = {((region,), ()): 20 + i for i, region in enumerate(BC_REGIONS)}
        elif query.interval != "none":
            first, last = query.days()
            column = ("kiosk",) if query.column_dimensions else ()
            sums = {
                ((key,), column): 50 for key, _start, _end in buckets(query.interval, first, last)
            }
        else:
            sums = {(("kiosk",) if query.group_by == ("channel",) else ("es",), ()): 60}
        found[name] = tables.table(query, sums)
    return found


def words_by_page(pdf: Path) -> list[list[Box]]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not found: install the Debian package 'poppler-utils'")
    out = subprocess.run(
        [tool, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("<page ")[1:]
    return [
        [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(page)]
        for page in pages
    ]


def overlapping(words: list[Box], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words on one line (their boxes' middles within a quarter of the shorter one's
    height: a box holds the font's whole ascent and descent, so the boxes of lines above and
    below overlap a little) whose boxes cross by more than ``slack`` points sideways."""
    found = []
    for i, (x0, y0, x1, y1, text) in enumerate(words):
        for u0, v0, u1, v1, other in words[i + 1 :]:
            same_line = abs((y0 + y1) - (v0 + v1)) / 2 < 0.25 * min(y1 - y0, v1 - v0)
            if same_line and min(x1, u1) - max(x0, u0) > slack:
                found.append((text, other))
    return found


COORDINATOR_LANGUAGES = ("en", "es", "fr", "tl", "pa", "zh-Hans", "zh-Hant", "vi", "th", "ar")


@pytest.mark.parametrize("language", COORDINATOR_LANGUAGES)
def test_no_words_of_the_report_overlap(language: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(report.build(widest_tables(), language, made=date(2026, 12, 8)))
    pages = words_by_page(pdf)
    assert len(pages) >= 3
    for number, words in enumerate(pages, start=1):
        assert not overlapping(words), f"page {number}: {overlapping(words)[:5]}"


def test_the_check_sees_words_drawn_over_each_other() -> None:
    words: list[Box] = [
        (10, 10, 60, 20, "Agricultura"),
        (50, 10, 90, 20, "Cuidado"),
        (95, 10, 99, 20, "x"),
    ]
    assert overlapping(words) == [("Agricultura", "Cuidado")]
