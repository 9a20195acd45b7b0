"""CSV, XLSX and the funder report PDF show exactly the API's figures.

The exports are made by the real ``outreach-central`` command on a real central database, and the
report also the way the desktop makes it (the API's tables handed to the report builder); the
PDF's text is read back with pdftotext (poppler-utils). Names are in Spanish, as a coordinator
in Spanish gets them.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from central_process import CentralProcess, run_central
from fleet import enrol
from reach_data import LANGUAGE_CHOICES, PASSWORD, SCENARIO, events_of, new_person, push

from sync.central.db.database import CentralDatabase
from sync.stats import report as stats_report
from sync.stats import timeline
from sync.stats.client import StatsClient
from sync.stats.exports import grid, table_rows
from sync.stats.labels import NO_DATA, Labels
from sync.stats.protocol import StatsQuery, StatsTable

LANGUAGE = "es"
Q3 = date(2026, 7, 1)


def api_client(central: CentralProcess, db: CentralDatabase) -> StatsClient:
    client = StatsClient(central.url)
    client.sign_in(new_person(db, "viewer"), PASSWORD)
    return client


def expected(table: StatsTable) -> list[list[str]]:
    """The API's table as the rows a file shows: names in Spanish, numbers or <5 / x."""
    return [[str(value) for value in row] for row in grid(table, Labels(LANGUAGE))]


@pytest.mark.parametrize(
    ("interval", "group_by"),
    [("none", "language,channel"), ("month", "channel"), ("none", "language")],
)
def test_csv_and_xlsx_hold_the_api_figures(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path, interval: str, group_by: str
) -> None:
    device = enrol(central.url, db)
    push(central, device, events_of(device, SCENARIO))
    query = StatsQuery(
        period="custom",
        start=Q3,
        end=date(2026, 9, 30),
        interval=interval,  # type: ignore[arg-type]
        group_by=tuple(group_by.split(",")),  # type: ignore[arg-type]
        filters={"site": (device.site,)},
    )
    with api_client(central, db) as client:
        table = client.stats(query)
    assert any(cell.hidden for row in table.cells for cell in row)  # suppression is exercised
    want = expected(table)
    for file_format in ("csv", "xlsx"):
        out = tmp_path / f"export.{file_format}"
        made = run_central(
            db.url, "export", "--from", "2026-07-01", "--to", "2026-09-30",
            "--interval", interval, "--group-by", group_by, "--filter", f"site={device.site}",
            "--format", file_format, "--out", str(out), "--lang", LANGUAGE,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        if file_format == "csv":
            with out.open(encoding="utf-8-sig", newline="") as handle:
                rows = table_rows(list(csv.reader(handle)))
        else:
            sheet = openpyxl.load_workbook(out).worksheets[0]
            values = list(sheet.iter_rows(values_only=True))
            # Visible counts are numbers in the sheet, hidden ones the symbol shown.
            assert all(isinstance(v, int | str) for row in values for v in row[1:])
            rows = [["" if v is None else str(v) for v in row] for row in values]
        assert rows == want, file_format


def test_an_export_refuses_a_bad_query_in_one_line(db: CentralDatabase, tmp_path: Path) -> None:
    made = run_central(
        db.url, "export", "--from", "2026-09-30", "--to", "2026-07-01", "--format", "csv",
        "--out", str(tmp_path / "x.csv"),
    )  # fmt: skip
    assert made.returncode == 2
    assert "before the start date" in made.stderr
    assert not (tmp_path / "x.csv").exists()


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not found: install the Debian package 'poppler-utils'")
    return subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def shows_row(text: str, cells: list[str]) -> bool:
    pattern = r"\s+".join(re.escape(cell) for cell in cells if cell)
    return re.search(rf"(?m)^\s*{pattern}\s*$", text) is not None


def test_the_funder_report_shows_the_api_figures(
    fresh_central: CentralProcess, central_db: CentralDatabase, tmp_path: Path
) -> None:
    device = enrol(fresh_central.url, central_db)
    push(fresh_central, device, events_of(device, [*SCENARIO, *LANGUAGE_CHOICES]))
    with api_client(fresh_central, central_db) as client:
        tables = client.report_tables(Q3)
    labels = Labels(LANGUAGE)

    server_pdf = tmp_path / "server.pdf"
    made = run_central(
        central_db.url, "report", "--quarter", "2026Q3", "--out", str(server_pdf),
        "--lang", LANGUAGE,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    desktop_pdf = tmp_path / "desktop.pdf"
    desktop_pdf.write_bytes(stats_report.build(tables, LANGUAGE))

    server, desktop = pdf_text(server_pdf), pdf_text(desktop_pdf)
    assert server == desktop  # the same tables, whoever asks
    assert "Informe de alcance" in server and "2026, trimestre 3" in server
    for name, table in tables.items():
        if name == "channels":  # shown as key figures, below
            continue
        if name in ("weeks", "quarters"):  # as of the day it was made: see test_report_as_of
            table = timeline.until(table, date.today())
        if name == "quarters":
            table = timeline.with_no_data(table, labels(NO_DATA))
        for row in grid(table, labels, as_of=date.today()):
            cells = [labels.number(v) if isinstance(v, int) else str(v) for v in row]
            assert shows_row(server, cells), (name, cells)
    # The key figures: reach 114 (kiosk 81 + outreach 33), 2 sessions, 6 cards.
    for figure, value in [
        ("Alcance total", "114"),
        ("Visitas en quioscos", "81"),
        ("Trabajadores alcanzados en sesiones de alcance", "33"),
        ("Sesiones de alcance", "2"),  # meetings, not people: as counted
        ("Tarjetas de bolsillo entregadas", "6"),
    ]:
        assert shows_row(server, [figure, value]), figure
    # Languages are those the visits and sessions were held in, not reach (en 25, es 73).
    assert shows_row(server, ["Inglés", "22"]) and shows_row(server, ["Español", "69"])
    # Punjabi's 4 is published only as <5, and the 12 that would give it away as x.
    assert shows_row(server, ["Punyabí", "<5"])
    assert shows_row(server, ["Chino (simplificado)", "x"])
    assert not shows_row(server, ["Punyabí", "4"])


def test_sites_are_named_as_coordinators_named_them(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    """A funder reads "YVR arrivals desk" in the window, the exports and the report, not a code."""
    from sync.central.admin import add_site

    site = f"yvr-{tmp_path.name[-6:].lower().replace('_', '-')}"
    add_site(db, site, "YVR arrivals desk")
    device = enrol(central.url, db, site)
    push(central, device, events_of(device, SCENARIO))
    query = StatsQuery(
        period="custom", start=Q3, end=date(2026, 9, 30), group_by=("site",),
        filters={"site": (site,)},
    )  # fmt: skip
    with api_client(central, db) as client:
        table = client.stats(query)
    assert table.site_names == {site: "YVR arrivals desk"}
    labels = Labels(LANGUAGE)
    assert labels.row_names(table) == ["YVR arrivals desk"]
    out = tmp_path / "sites.csv"
    made = run_central(
        db.url, "export", "--from", "2026-07-01", "--to", "2026-09-30", "--group-by", "site",
        "--filter", f"site={site}", "--format", "csv", "--out", str(out), "--lang", LANGUAGE,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert ["Filtros", "Sitio: YVR arrivals desk"] in rows[: rows.index([])]
    assert table_rows(rows)[1][0] == "YVR arrivals desk" and site not in str(rows)
