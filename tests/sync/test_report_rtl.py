"""The funder report in Arabic reads right to left, and its numbers read as written (issue 15).

The tables are made without a database (``sync.central.stats.tables.table`` on sums) and the PDF is
read back with poppler's ``pdftotext -bbox-layout``: every word with its place on the page.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest

from sync.central.stats import tables as stats
from sync.stats import report as stats_report
from sync.stats import report_plan
from sync.stats.protocol import StatsTable, buckets

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext from Debian's poppler-utils"
)
XHTML = "{http://www.w3.org/1999/xhtml}"
Word = tuple[float, str]  # left edge, text
Box = tuple[float, float, float, str]  # left edge, top, bottom, text


def tables() -> dict[str, StatsTable]:
    sums: dict[str, dict[tuple[tuple[str, ...], tuple[str, ...]], int]] = {
        "channels": {(("kiosk",), ()): 81, (("outreach",), ()): 33},
        "languages": {(("ar",), ()): 40, (("en",), ()): 22, (("pa",), ()): 4},
        "handed_out": {(("card_printed",), ()): 6, (("brochure_given",), ()): 1200},
    }
    made = {}
    for name, query in report_plan.report_queries(date(2026, 7, 1)).items():
        cells = dict(sums.get(name, {}))
        if name == "weeks":
            first, last = query.days()
            for index, (key, _start, _end) in enumerate(buckets("week", first, last)):
                cells[((key,), ("kiosk",))] = 3 + index
        made[name] = stats.table(query, cells)
    return made


def page_of(pdf: bytes, tmp_path: Path) -> ElementTree.Element:
    """The first page as poppler reads it: blocks, lines and words with their boxes."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    xhtml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return ElementTree.fromstring(xhtml)


def lines_of(pdf: bytes, tmp_path: Path) -> list[list[Word]]:
    """Every line of the first page: its words, left to right as printed."""
    return [
        sorted((float(w.get("xMin", "0")), w.text or "") for w in line)
        for line in page_of(pdf, tmp_path).iter(f"{XHTML}line")
    ]


def row_of(pdf: bytes, tmp_path: Path, text: str) -> list[str]:
    """The words printed level with the word ``text`` (a table's row), left to right."""
    boxes: list[Box] = [
        (
            float(w.get("xMin", "0")),
            float(w.get("yMin", "0")),
            float(w.get("yMax", "0")),
            w.text or "",
        )
        for w in page_of(pdf, tmp_path).iter(f"{XHTML}word")
    ]
    (top, bottom) = next((b[1], b[2]) for b in boxes if b[3] == text)
    return [b[3] for b in sorted(boxes) if top <= (b[1] + b[2]) / 2 <= bottom]


def arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in text)


def test_the_arabic_report_reads_right_to_left(tmp_path: Path) -> None:
    pdf = stats_report.build(tables(), "ar", made=date(2026, 10, 2))
    lines = lines_of(pdf, tmp_path)
    # "{year}, quarter {quarter}": the year comes first, so it is printed rightmost
    subtitle = next(line for line in lines if any("2026" in text for _x, text in line))
    texts = [text for _x, text in subtitle]
    assert texts[0] == "3" and "2026" in texts[-1], texts
    # Key figures: the name on the right, its number on its left
    visits = row_of(pdf, tmp_path, "114")
    assert visits[0] == "114" and arabic(visits[-1]), visits


def test_a_number_in_an_arabic_paragraph_of_the_report_reads_as_written(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from sync.stats import charts as stats_charts
    from sync.stats import report_text

    style = ParagraphStyle("body", fontName=stats_charts.font(), fontSize=10, leading=13)
    text = "للمساعدة اتصل بالرقم 1-866-602-9448 من 8:30\u201316:30 أو بـ WorkSafeBC (Teleclaim)"
    path = tmp_path / "paragraph.pdf"
    SimpleDocTemplate(str(path), pagesize=letter).build([report_text.paragraph(text, style, True)])
    (line,) = lines_of(path.read_bytes(), tmp_path)
    words = [text for _x, text in line]
    assert "1-866-602-9448" in words
    assert "8:30\u201316:30" in words
    assert words.index("(Teleclaim)") > words.index("WorkSafeBC")
    assert arabic(words[-1])  # the sentence starts on the right
