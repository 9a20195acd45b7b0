"""The local statistics panel: figures computed off the GUI thread, shown by period, exported."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk import i18n
from kiosk.packs.load import load_pack
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import Database, open_database
from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton
PACIFIC = timezone(timedelta(hours=-8))
TODAY = date(2026, 11, 19)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "data")
    clock = {"now": datetime(2026, 11, 19, 10, tzinfo=PACIFIC)}
    log = ReachLog(opened, ReachContext("yvr", "dev-test"), clock=lambda: clock["now"])
    for language in ("es", "es", "pa"):
        log.record("visit")
        log.record("language_selected", language=language)
    log.record("topic_viewed", language="es", topic="rights-at-work")
    log.record("card_printed", language="es", quantity=2)
    clock["now"] = datetime(2026, 11, 3, 15, tzinfo=PACIFIC)  # earlier this month
    log.record("visit")
    log.record("language_requested", language="mam")
    log.close()
    yield opened
    opened.close()


@pytest.fixture
def panel(kiosk_app, qtbot, database: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    from ui.common.stats_panel import StatsPanel

    widget = StatsPanel(database, tmp_path / "data", load_pack(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def rows(panel) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found = {}
    for index in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(index)
        found[item.text(0).strip()] = [item.text(column) for column in (1, 2, 3)]
    return found


def test_figures_by_period(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert panel.tree.topLevelItemCount() == 0  # nothing is read on the GUI thread
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        qtbot.mouseClick(panel.refresh_button, LEFT)
    shown = rows(panel)
    assert shown["Español"] == ["2", "2", "2"]
    assert shown["ਪੰਜਾਬੀ"] == ["1", "1", "1"]
    assert shown["mam"] == ["0", "0", "1"]  # a language babel cannot name keeps its code
    assert shown["Kiosk"] == ["3", "3", "4"]
    assert shown["Cards printed or handed out"] == ["2", "2", "2"]
    assert shown[load_pack().title("rights-at-work", "en")] == ["1", "1", "1"]
    assert "Not yet synced: 10 events" in panel.summary.text()
    assert "Week from 2026-11-16, month from 2026-11-01" in panel.summary.text()


def test_export_writes_a_csv_and_says_where(panel, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert not panel.export_button.isEnabled()  # nothing to export before the first figures
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.refresh()
    with qtbot.waitSignal(panel.exported, timeout=10_000) as written:
        qtbot.mouseClick(panel.export_button, LEFT)
    path = Path(written.args[0])
    assert path == tmp_path / "data" / "exports" / "reach-stats-2026-11-19.csv"
    assert str(path) in panel.status.text()
    with path.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert {"period": "month", "first_day": "2026-11-01", "last_day": "2026-11-19",
            "measure": "requested", "code": "mam", "count": "<5"} in exported  # fmt: skip


def test_the_panel_speaks_the_active_language(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.activate("es")
    try:
        panel.retranslate()
        with qtbot.waitSignal(panel.refreshed, timeout=10_000):
            panel.refresh()
        assert panel.export_button.text() == "Exportar CSV"
        assert "Tarjetas impresas o entregadas" in rows(panel)
    finally:
        i18n.activate("en")


def test_dates_read_in_order_in_arabic(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Desk staff reading Arabic see "2026-11-16", not "16-11-2026" (issue 15): the summary is
    laid out as Qt paints it and read by the glyphs' x positions."""
    from tests.ui.screens.test_rtl_numbers import seen_label

    i18n.activate("ar")
    try:
        panel.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft)
        panel.retranslate()
        with qtbot.waitSignal(panel.refreshed, timeout=10_000):
            panel.refresh()
        shown = "".join(seen_label(panel.summary))
        for day in ("2026-11-19", "2026-11-16", "2026-11-01"):
            assert day in shown
    finally:
        i18n.activate("en")
