"""What the kiosk and outreach mode share (ui.common.host): the pack they show and the calm
answer to an unexpected error. Real windows offscreen on fresh data folders."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from kiosk import i18n
from kiosk.config import Settings
from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton
DRAFT = "es"  # a draft translation in the shipped pack


def raise_and_catch() -> BaseException:
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError as error:
        return error


@pytest.fixture
def outreach_with(kiosk_app, qtbot, tmp_path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """outreach_with(**settings): an outreach window with storage open; closed afterwards."""
    from ui.outreach.window import Outreach

    made: list[Outreach] = []

    def make(**settings: object) -> Outreach:
        data = tmp_path / f"data-{len(made)}"
        running = Outreach(Settings(data_dir=data, mode="outreach", **settings))
        made.append(running)
        qtbot.addWidget(running.window)
        running.window.resize(1280, 800)
        running.window.show()
        with qtbot.waitSignal(running.ready, timeout=30_000):
            running.open_storage()
        return running

    yield make
    for running in made:
        running.close()
    i18n.activate("en")


def test_outreach_mode_hides_draft_translations_when_the_site_says_so(outreach_with) -> None:  # type: ignore[no-untyped-def]
    showing = outreach_with()
    assert DRAFT in showing.pack.languages  # the shipped pack has a draft to hide
    assert DRAFT in showing.window.form.languages.codes()

    hiding = outreach_with(hide_draft_translations=True)
    assert DRAFT not in hiding.pack.languages
    assert DRAFT not in hiding.window.form.languages.codes()
    assert DRAFT not in hiding.window.presentation.picker.buttons
    assert "en" in hiding.window.presentation.picker.buttons


def test_an_unexpected_error_in_a_visit_ends_it_calmly(kiosk, qtbot, caplog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    window = kiosk.window
    kiosk.install_excepthook()
    assert sys.excepthook == kiosk.unexpected
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons[DRAFT], LEFT)
    assert window.current_screen() is window.topics

    error = raise_and_catch()
    with caplog.at_level(logging.ERROR, logger="ui.common.host"):
        sys.excepthook(type(error), error, error.__traceback__)
    assert window.current_screen() is window.attract
    assert "a bug in a slot" in caplog.text and "Traceback" in caplog.text
    notice = window.findChild(QtCore.QObject, "notice")
    assert notice is not None and notice.isVisible()
    assert notice.text() == "Sorry, something went wrong. Please start again."  # default language


def test_an_unexpected_error_in_outreach_mode_returns_to_the_session_list(  # type: ignore[no-untyped-def]
    outreach_with, qtbot, caplog, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    running = outreach_with()
    window = running.window
    running.install_excepthook()
    qtbot.mouseClick(window.sessions.new_button, LEFT)
    assert window.current_screen() is window.form

    error = raise_and_catch()
    with caplog.at_level(logging.ERROR, logger="ui.common.host"):
        sys.excepthook(type(error), error, error.__traceback__)
    assert window.current_screen() is window.sessions
    assert "a bug in a slot" in caplog.text
    notice = window.findChild(QtCore.QObject, "notice")
    assert notice is not None and notice.isVisible()
