"""A statistics table as CSV or XLSX, exactly as the central published it.

Why from the published table and not from a database: the desktop exports what the API sent and
the central's ``export`` command what it would send, so a spreadsheet can never show a number
(or a hidden cell's value) that the API would not. Numbers are written as numbers, hidden
ones as the symbol shown (``<5``, ``x``); names are in the coordinator's language.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Final

from kiosk.i18n import N_
from sync.stats.labels import RAW_NOTE, TOTAL, Labels
from sync.stats.protocol import Count, StatsTable

FORMATS: Final = ("csv", "xlsx")
Cell = str | int

STATISTICS: Final = N_("Statistics")
ABOUT: Final = N_("About")
TITLE: Final = N_("Reach statistics")
PERIOD: Final = N_("Period")
MEASURE: Final = N_("Measure")
BREAKDOWN: Final = N_("Breakdown")
FILTERS: Final = N_("Filters")
NONE: Final = N_("none")
NOTE: Final = N_("Note")
MADE: Final = N_("Made on")


def _value(count: Count) -> Cell:
    return count.value if count.value is not None else count.shown


def grid(table: StatsTable, labels: Labels, as_of: date | None = None) -> list[list[Cell]]:
    """The table as rows of cells: a header, one row per table row, then the totals; with
    ``as_of``, partial time buckets are marked (:meth:`Labels.row_names`)."""
    wide = len(table.columns) > 1
    header: list[Cell] = [labels.row_heading(table), *labels.column_names(table)]
    if wide:
        header.append(labels(TOTAL))
    rows = [header]
    for name, cells, total in zip(
        labels.row_names(table, as_of), table.cells, table.row_totals, strict=True
    ):
        rows.append([name, *(_value(cell) for cell in cells), *([_value(total)] if wide else [])])
    if table.row_dimension is not None:
        totals: list[Cell] = [labels(TOTAL), *(_value(cell) for cell in table.column_totals)]
        if wide:
            totals.append(_value(table.total))
        rows.append(totals)
    return rows


def csv_text(table: StatsTable, labels: Labels, made: date | None = None) -> str:
    """What the table is (period, measure and its definition, protection, "raw" for raw
    counts), then a blank row, then the table: a CSV file travels alone, without the window
    or the report that explained it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([heading, text] for heading, text in about(table, labels, made))
    writer.writerow([])
    writer.writerows(grid(table, labels))
    return out.getvalue()


def table_rows(csv_rows: list[list[str]]) -> list[list[str]]:
    """The table's rows of a CSV export, without the lines about it before the blank row."""
    return csv_rows[csv_rows.index([]) + 1 :]


def write_csv(table: StatsTable, path: Path, language: str = "en") -> None:
    # utf-8-sig: spreadsheet programs then read names such as "Español" right.
    path.write_text(csv_text(table, Labels(language)), encoding="utf-8-sig", newline="")


def about(table: StatsTable, labels: Labels, made: date | None = None) -> list[tuple[str, str]]:
    """What a reader of an export needs to know about its numbers, as (heading, text) pairs."""
    breakdown = [labels.dimension(table.row_dimension)] if table.row_dimension else []
    breakdown += [labels.dimension(name) for name in table.column_dimensions]
    filters = [
        f"{labels.dimension(name)}: "
        + ", ".join(labels.value(name, value, table.site_names) for value in values)
        for name, values in table.query.filters.items()
    ]
    return [
        (labels(TITLE), labels(RAW_NOTE) if labels.is_raw(table) else ""),
        (labels(PERIOD), f"{labels.day(table.first)} \N{EN DASH} {labels.day(table.last)}"),
        (labels(MEASURE), labels.measure(table.measure)),
        ("", labels.explanation(table.measure)),
        (labels(BREAKDOWN), ", ".join(breakdown) or labels(NONE)),
        (labels(FILTERS), "; ".join(filters) or labels(NONE)),
        (labels(NOTE), labels.protection(table)),
        *([("", redated)] if (redated := labels.redated(table)) else []),
        (labels(MADE), labels.day(made or date.today())),
    ]


def write_xlsx(table: StatsTable, path: Path, language: str = "en") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    labels = Labels(language)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(labels(STATISTICS))
    rows = grid(table, labels)
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for row_cells in sheet.iter_rows(min_row=2):
        row_cells[0].font = bold
        for cell in row_cells[1:]:
            if isinstance(cell.value, str):
                cell.alignment = Alignment(horizontal="right")
    if table.row_dimension is not None:
        for cell in sheet[len(rows)]:
            cell.font = bold
    sheet.freeze_panes = "B2"
    for index, column in enumerate(zip(*rows, strict=True), start=1):
        width = max(len(str(value)) for value in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))

    notes = book.create_sheet(_sheet_title(labels(ABOUT)))
    for heading, text in about(table, labels):
        notes.append([heading, text])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 100
    for row_cells in notes.iter_rows(min_row=2):
        row_cells[0].font = bold
        row_cells[0].alignment = Alignment(vertical="top")
        row_cells[1].alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)


def _sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in text).strip()
    return cleaned[:31] or "Sheet"


def write(table: StatsTable, path: Path, file_format: str, language: str = "en") -> None:
    """Write ``table`` to ``path`` as ``csv`` or ``xlsx``."""
    if file_format == "csv":
        write_csv(table, path, language)
    elif file_format == "xlsx":
        write_xlsx(table, path, language)
    else:
        raise ValueError(f"unknown export format {file_format!r}; use csv or xlsx")
