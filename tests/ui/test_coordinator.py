"""The coordinator's window against a real central (``outreach-central serve`` on SQLite): sign
in, read the published table and charts, raw counts for coordinators only, exports and the
funder report with the API's figures, in Spanish."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from central_process import CentralProcess
from fleet import enrol
from reach_data import LANGUAGE_CHOICES, PASSWORD, SCENARIO, events_of, new_person, push

from kiosk import i18n
from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url
from sync.central.db.models import User, UserToken
from sync.central.errors import utcnow
from sync.central.stats import audit
from sync.stats.client import StatsClient
from sync.stats.exports import grid, table_rows
from sync.stats.labels import Labels
from sync.stats.protocol import StatsQuery, StatsTable
from ui.coordinator.charts import chart_queries
from ui.qt import QtCharts, QtCore

LANGUAGE = "es"
QUARTER = StatsQuery(period="quarter", start=date(2026, 7, 1), group_by=("language",))


@pytest.fixture(scope="module")
def central(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CentralProcess, CentralDatabase]]:
    folder = tmp_path_factory.mktemp("coordinator-central")
    database = open_central_database(sqlite_url(folder / "central.sqlite3"))
    server = CentralProcess(database.url, folder).start()
    device = enrol(server.url, database)
    push(server, device, events_of(device, [*SCENARIO, *LANGUAGE_CHOICES]))
    yield server, database
    server.stop()
    database.close()


@pytest.fixture
def window(kiosk_app, qtbot, central):  # type: ignore[no-untyped-def]
    from ui.coordinator.window import CoordinatorWindow

    i18n.activate(LANGUAGE)
    made = CoordinatorWindow(central[0].url, LANGUAGE)
    qtbot.addWidget(made)
    made.resize(1280, 820)
    made.show()
    yield made
    made.close()
    i18n.activate("en")


def sign_in(window, qtbot, name: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    window.sign_in.name.setText(name)
    window.sign_in.password.setText(password)
    window.sign_in.submit.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.stats, timeout=30_000)


def show(window, qtbot, query: StatsQuery) -> StatsTable:  # type: ignore[no-untyped-def]
    window.stats.set_query(query)
    with qtbot.waitSignal(window.stats.shown, timeout=60_000):
        window.stats.show_button.click()
    table = window.stats.table_answer
    assert table is not None
    return table


def api_table(central: CentralProcess, name: str, query: StatsQuery) -> StatsTable:
    with StatsClient(central.url) as client:
        client.sign_in(name, PASSWORD)
        return client.stats(query)


def shown_rows(table: StatsTable) -> list[list[str]]:
    labels = Labels(LANGUAGE)
    return [
        [labels.number(v) if isinstance(v, int) else str(v) for v in row]
        for row in grid(table, labels)
    ]


def test_a_viewer_sees_the_published_table_and_charts(window, qtbot, central) -> None:  # type: ignore[no-untyped-def]
    name = new_person(central[1], "viewer")
    sign_in(window, qtbot, name)
    assert window.stats.raw.isHidden()  # viewers never get raw counts
    table = show(window, qtbot, QUARTER)
    assert window.stats.cell_texts() == shown_rows(api_table(central[0], name, QUARTER))
    assert window.stats.cell_texts()[1:] == [
        ["Inglés", "25"],
        ["Español", "73"],
        ["Punyabí", "<5"],
        ["Chino (simplificado)", "x"],
        ["Total", "114"],
    ]
    assert table.suppressed and "<5" in window.stats.note.text()

    languages = window.stats.charts.chart("languages").series()[0].barSets()[0]
    shown = sorted(languages.at(i) for i in range(languages.count()))
    chosen = api_table(central[0], name, chart_queries(QUARTER)["languages"])
    assert shown == sorted(float(cells[0].value or 0) for cells in chosen.cells)
    assert shown[-2:] == [22, 69]  # en; es at the kiosk and in an outreach session
    pie = window.stats.charts.chart("channels").series()[0]
    assert sorted(piece.value() for piece in pie.slices()) == [33, 81]
    requested = window.stats.charts.chart("requested").series()[0].barSets()[0]
    assert requested.count() == 2  # Amharic (7, hidden: x) and Somali (2, <5): no bars
    assert [requested.at(i) for i in range(2)] == [0, 0]


def test_a_coordinator_may_ask_for_raw_counts_and_is_audited(window, qtbot, central) -> None:  # type: ignore[no-untyped-def]
    name = new_person(central[1], "coordinator")
    sign_in(window, qtbot, name)
    assert window.stats.raw.isVisibleTo(window.stats)
    show(window, qtbot, QUARTER.model_copy(update={"raw": True}))
    assert window.stats.cell_texts()[1:4] == [["Inglés", "25"], ["Español", "73"], ["Punyabí", "4"]]
    assert "No publicar" in window.stats.note.text()
    assert [e.action for e in audit.entries(central[1]) if e.user_name == name] == ["stats.raw"]


def everything_shown(window) -> str:  # type: ignore[no-untyped-def]
    """Every text a person can read in the window: labels, buttons, table cells, chart series."""
    from ui.qt import QtCharts, QtWidgets

    texts: list[str] = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QtWidgets.QLabel | QtWidgets.QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QtWidgets.QTableWidget):
            for i in range(widget.rowCount()):
                texts += [_cell(widget.item(i, j)) for j in range(widget.columnCount())]
        elif isinstance(widget, QtCharts.QChartView):
            for series in widget.chart().series():
                texts.append(f"{series.name()}:{series.count()}")
    return "\n".join(texts)


def _cell(item) -> str:  # type: ignore[no-untyped-def]
    return item.text() if item is not None else ""


def test_signing_out_leaves_nothing_for_the_next_person(window, qtbot, central, tmp_path) -> None:  # type: ignore[no-untyped-def]
    coordinator = new_person(central[1], "coordinator")
    sign_in(window, qtbot, coordinator)
    show(window, qtbot, QUARTER.model_copy(update={"raw": True}))
    raw_view = everything_shown(window)
    assert "No publicar" in raw_view and "Punyabí" in raw_view  # the raw table is on screen
    with qtbot.waitSignal(window.stats.exported, timeout=60_000):
        window.stats.export_to(tmp_path / "raw.csv", "csv")
    with (tmp_path / "raw.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert "No publicar" in next(csv.reader(handle))[1]  # a raw file says so on its first line

    window.stats.sign_out.click()
    assert window.stack.currentWidget() is window.sign_in
    qtbot.waitUntil(lambda: tokens_of(central[1], coordinator) == 0, timeout=30_000)
    assert window.sign_in.name.text() == "" and window.sign_in.password.text() == ""
    viewer = new_person(central[1], "viewer")
    sign_in(window, qtbot, viewer)

    shown = everything_shown(window)
    assert "No publicar" not in shown and "Punyabí" not in shown and "raw.csv" not in shown
    assert window.stats.table_answer is None
    assert window.stats.cell_texts() == [[]]
    assert not window.stats.raw.isVisibleTo(window) and not window.stats.raw.isChecked()
    assert not window.stats.export_csv.isEnabled() and not window.stats.export_report.isEnabled()
    assert all(
        not window.stats.charts.chart(name).series()
        for name in ("languages", "channels", "requested")
    )
    # what the viewer then asks for is published, never the coordinator's raw answer
    show(window, qtbot, QUARTER)
    assert window.stats.table_answer is not None and window.stats.table_answer.suppressed
    assert "Punyabí\n<5" in everything_shown(window)


def tokens_of(database: CentralDatabase, name: str) -> int:
    """How many sign-ins of ``name`` the central would still accept."""
    with database.sessions() as session:
        return len(session.scalars(select(UserToken).join(User).where(User.name == name)).all())


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not found: install the Debian package 'poppler-utils'")
    return subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_exports_and_the_report_hold_the_api_figures(window, qtbot, central, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    name = new_person(central[1], "viewer")
    sign_in(window, qtbot, name)
    query = StatsQuery(
        period="quarter", start=date(2026, 7, 1), interval="month", group_by=("channel",)
    )
    show(window, qtbot, query)
    expected = [
        [str(v) for v in row] for row in grid(api_table(central[0], name, query), Labels(LANGUAGE))
    ]
    for file_format in ("csv", "xlsx", "pdf"):
        path = tmp_path / f"out.{file_format}"
        with qtbot.waitSignal(window.stats.exported, timeout=60_000):
            window.stats.export_to(path, file_format)
        if file_format == "csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            assert table_rows(rows) == expected
            assert rows[0] == ["Estadísticas de alcance", ""]  # what the file is, in itself
            assert "Periodo" in dict(row for row in rows if len(row) == 2)
        elif file_format == "xlsx":
            rows = openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)
            assert [[str(v) for v in row] for row in rows] == expected
        else:
            text = pdf_text(path)
            assert "Informe de alcance" in text
            for figure in ("Alcance total", "Visitas en quioscos"):
                line = next(line for line in text.splitlines() if figure in line)
                assert (
                    line.split()[-1]
                    == {"Alcance total": "114", "Visitas en quioscos": "81"}[figure]
                )


def test_a_wrong_password_is_said_in_spanish(window, qtbot, central) -> None:  # type: ignore[no-untyped-def]
    name = new_person(central[1], "viewer")
    window.sign_in.name.setText(name)
    window.sign_in.password.setText("not the password")
    window.sign_in.submit.click()
    qtbot.waitUntil(lambda: window.sign_in.submit.isEnabled(), timeout=30_000)
    assert window.sign_in.message.text() == "Nombre o contraseña incorrectos."
    assert window.stack.currentWidget() is window.sign_in
    assert window.sign_in.password.text() == ""  # never kept


def test_an_expired_sign_in_goes_back_to_the_sign_in_screen(window, qtbot, central) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, qtbot, new_person(central[1], "viewer"))
    with central[1].sessions.begin() as session:
        session.execute(update(UserToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    window.stats.set_query(QUARTER)
    window.stats.show_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sign_in, timeout=30_000)
    assert "Vuelva a iniciar sesión" in window.sign_in.message.text()


def test_the_command_is_offered_and_needs_a_display(tmp_path: Path) -> None:
    executable = Path(sys.executable).with_name("outreach-kiosk")
    listed = subprocess.run([str(executable), "--help"], capture_output=True, text=True, timeout=60)
    assert "coordinator" in listed.stdout
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
    }
    started = subprocess.run(
        [str(executable), "coordinator", "--central", "http://127.0.0.1:9"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert started.returncode == 2
    assert "xvfb-run" in started.stderr


def test_the_ui_reaches_the_central_only_over_http() -> None:
    """ui/ may use the client side of sync/, never the central's own modules (its database)."""
    import ast

    crossings = []
    for path in sorted((Path(__file__).resolve().parents[2] / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            crossings += [f"{path.name}: {n}" for n in names if n.startswith("sync.central")]
    assert crossings == []


def test_a_named_period_reads_from_its_first_day(window) -> None:  # type: ignore[no-untyped-def]
    """Choosing "quarter" on 7 December shows the quarter it is: from October 1 to December 31."""
    stats = window.stats
    stats.period.setCurrentIndex(stats.period.findData("custom"))
    stats.start.setDate(QtCore.QDate(2026, 12, 7))
    stats.period.setCurrentIndex(stats.period.findData("quarter"))
    assert stats.start.date() == QtCore.QDate(2026, 10, 1)
    assert stats.end.date() == QtCore.QDate(2026, 12, 31) and not stats.end.isEnabled()
    stats.start.setDate(QtCore.QDate(2027, 2, 14))  # a day picked inside another quarter
    assert stats.start.date() == QtCore.QDate(2027, 1, 1)
    assert stats.query().days() == (date(2027, 1, 1), date(2027, 3, 31))


def test_the_trend_follows_the_chosen_breakdown_in_short_week_names(window, qtbot, central) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, qtbot, new_person(central[1], "viewer"))
    show(window, qtbot, QUARTER.model_copy(update={"interval": "week"}))
    chart = window.stats.charts.chart("over_time")
    names = {series.name() for series in chart.series()}
    assert {"Inglés", "Español"} <= names  # by language, as chosen; not by channel
    assert "Quiosco" not in names
    weeks = next(
        axis for axis in chart.axes() if isinstance(axis, QtCharts.QBarCategoryAxis)
    ).categories()
    assert weeks[0] == "W27" and weeks[-1] == "W40"  # Jul 1 to Sep 30: names that fit
