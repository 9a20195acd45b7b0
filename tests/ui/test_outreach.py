"""Outreach mode, driven through real widgets: record, present, correct, void, lock.

Afterwards the rows are read straight from the SQLite file, as the sync client would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest

from kiosk.config import Settings
from ui.qt import QtCore, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
TODAY = date(2026, 11, 21)


@pytest.fixture
def outreach(kiosk_app, qtbot, tmp_path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui.outreach.window import Outreach

    running = Outreach(
        Settings(data_dir=tmp_path / "data", mode="outreach", site="farm-visits"),
        clock=lambda: TODAY,
    )
    qtbot.addWidget(running.window)
    running.window.resize(1280, 800)
    running.window.show()
    with qtbot.waitSignal(running.ready, timeout=30_000):
        running.open_storage()
    yield running
    running.close()


def events(outreach) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(outreach.database.path) as connection:
        return connection.execute(
            "SELECT kind, quantity, language, topic, channel, region, sector, stream, local_date"
            " FROM reach_event ORDER BY seq"
        ).fetchall()


def fill(form, qtbot, workers: int = 14) -> None:  # type: ignore[no-untyped-def]
    form.region.setCurrentIndex(form.region.findData("mainland-southwest"))
    form.sector.setCurrentIndex(form.sector.findData("agriculture"))
    form.stream.setCurrentIndex(form.stream.findData("agricultural-stream"))
    form.workers.setValue(workers - 1)
    qtbot.mouseClick(form.workers.plus, LEFT)  # the big plus button counts too
    form.cards.setValue(10)
    form.brochures.setValue(4)
    qtbot.mouseClick(form.languages.boxes["es"], LEFT)
    qtbot.mouseClick(form.topics.boxes["report-safely"], LEFT)


def record(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.form.record_button, LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sessions, timeout=10_000)


def test_the_form_has_nowhere_to_type_a_name(outreach) -> None:  # type: ignore[no-untyped-def]
    form = outreach.window.form
    free_text = [
        widget
        for widget in form.findChildren(QtWidgets.QWidget)
        if isinstance(widget, QtWidgets.QTextEdit | QtWidgets.QPlainTextEdit)
        or (
            isinstance(widget, QtWidgets.QLineEdit)
            and not isinstance(widget.parent(), QtWidgets.QAbstractSpinBox)
        )
    ]
    assert free_text == []
    assert not any(combo.isEditable() for combo in form.findChildren(QtWidgets.QComboBox))


def test_record_a_session(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    assert window.stack.currentWidget() is window.form
    assert not window.form.record_button.isEnabled()  # no worker, no language yet
    fill(window.form, qtbot)
    assert window.form.record_button.isEnabled()
    record(outreach, qtbot)
    codes = ("outreach", "mainland-southwest", "agriculture", "agricultural-stream", "2026-11-21")
    assert events(outreach) == [
        ("outreach_session", 14, None, None, *codes),
        ("language_selected", 1, "es", None, *codes),
        ("topic_viewed", 1, None, "report-safely", *codes),
        ("card_printed", 10, None, None, *codes),
        ("brochure_given", 4, None, None, *codes),
    ]
    [item] = [window.sessions.list.item(row) for row in range(window.sessions.list.count())]
    assert "Workers reached: 14" in item.text()
    assert "Recorded" in item.text()


def test_presenting_ticks_what_the_group_saw(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    qtbot.mouseClick(window.form.present_button, LEFT)
    assert window.stack.currentWidget() is window.presentation
    assert window.isFullScreen()
    qtbot.mouseClick(window.presentation.picker.buttons["es"], LEFT)
    topic = window.pack.topics[0]
    qtbot.mouseClick(window.presentation.topics.topic_buttons[topic], LEFT)
    page = window.presentation.page
    assert window.pack.page(topic, "es").title in page.browser.toPlainText()
    assert page.done_button.text() == "Terminar"  # the group's language
    qtbot.mouseClick(page.done_button, LEFT)
    assert window.stack.currentWidget() is window.form
    assert not window.isFullScreen()
    assert window.form.record_button.text() == "Record session"  # the worker's language again
    assert window.form.languages.checked() == ["es"]
    assert window.form.topics.checked() == [topic]
    assert events(outreach) == []  # presenting counts nothing until the session is recorded


def test_correct_then_void_a_session(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    fill(window.form, qtbot)
    record(outreach, qtbot)

    qtbot.mouseClick(
        window.sessions.list.viewport(),
        LEFT,
        pos=window.sessions.list.visualItemRect(window.sessions.list.item(0)).center(),
    )
    assert window.stack.currentWidget() is window.form
    assert window.form.workers.value() == 14
    window.form.workers.setValue(16)
    record(outreach, qtbot)
    assert events(outreach)[0][:2] == ("outreach_session", 16)
    assert len(events(outreach)) == 5

    window.open_session(window.sessions._sessions[0].id)
    assert window.form.void_button.isVisible()
    QtCore.QTimer.singleShot(0, lambda: accept_question(qtbot))
    qtbot.mouseClick(window.form.void_button, LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sessions, timeout=10_000)
    assert events(outreach) == []
    assert "Voided" in window.sessions.list.item(0).text()


def accept_question(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QtWidgets.QApplication.activeModalWidget()
    assert isinstance(box, QtWidgets.QMessageBox)
    box.button(QtWidgets.QMessageBox.StandardButton.Yes).click()


def test_a_session_on_its_way_to_central_is_read_only(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    fill(window.form, qtbot)
    record(outreach, qtbot)
    session_id = window.sessions._sessions[0].id
    window.open_session(session_id)  # the worker opens it to correct it...
    outreach.reach.unsynced_batch(limit=1)  # ...while the sync client takes its first event
    window.form.workers.setValue(30)
    qtbot.mouseClick(window.form.record_button, LEFT)
    qtbot.waitUntil(lambda: window.form.error.isVisible(), timeout=10_000)
    assert "can no longer be changed" in window.form.error.text()
    assert not window.form.workers.isEnabled()
    assert not window.form.record_button.isVisible()
    assert events(outreach)[0][:2] == ("outreach_session", 14)

    window.show_sessions()
    assert "Being synced" in window.sessions.list.item(0).text()


def test_a_refused_save_says_why_and_keeps_the_form(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    fill(window.form, qtbot)
    outreach.reach.close()  # the writer is gone, as if storage had failed
    qtbot.mouseClick(window.form.record_button, LEFT)
    assert window.form.error.isVisible()
    assert "not saved" in window.form.error.text()
    assert window.stack.currentWidget() is window.form
    assert window.form.workers.value() == 14


def test_statistics_from_the_home_screen(outreach, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = outreach.window
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    fill(window.form, qtbot)
    record(outreach, qtbot)
    with qtbot.waitSignal(window.stats.refreshed, timeout=10_000):
        qtbot.mouseClick(window.sessions.stats_button, LEFT)
    assert window.stack.currentWidget() is window.stats_page
    assert window.stats.stats.count("today", "channel", "outreach") == 14


def test_outreach_mode_starts_from_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The console script with mode = "outreach" in the settings file opens the outreach window."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    config = tmp_path / "config" / "outreach-kiosk"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('mode = "outreach"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_KIOSK_")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("outreach-kiosk")),
            "--windowed",
            "--quit-after-paint",
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("painted ")
    log = (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "outreach mode started" in log
    assert (data_dir / "kiosk.sqlite3").is_file()
