"""The first vertical slice, driven through real widgets: attract -> language -> topics -> page.

Afterwards the rows are read straight from the SQLite file, as a coordinator's sync would.
"""

from __future__ import annotations

import sqlite3

import pytest

from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton


def event_rows(kiosk) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    kiosk.reach.close()  # flush the writer thread; the test is over for the UI
    with sqlite3.connect(kiosk.database.path) as connection:
        return connection.execute(
            "SELECT kind, language, topic FROM reach_event ORDER BY id"
        ).fetchall()


def start(kiosk, qtbot):  # type: ignore[no-untyped-def]
    window = kiosk.window
    assert window.current_screen() is window.attract
    qtbot.mouseClick(window.attract, LEFT)
    assert window.current_screen() is window.languages
    return window


@pytest.mark.parametrize(
    ("language", "button", "heading", "done"),
    [
        ("en", "English", "What would you like to know?", "Done"),
        ("es", "Español", "¿Qué le gustaría saber?", "Terminar"),
    ],
)
def test_click_through_and_done(kiosk, qtbot, language, button, heading, done) -> None:  # type: ignore[no-untyped-def]
    window = start(kiosk, qtbot)
    assert window.languages.buttons[language].text() == button
    qtbot.mouseClick(window.languages.buttons[language], LEFT)
    assert window.current_screen() is window.topics
    assert window.topics.title.text() == heading
    assert window.topics.done_button.text() == done

    topic = kiosk.window.pack.topics[0]
    qtbot.mouseClick(window.topics.topic_buttons[topic], LEFT)
    assert window.current_screen() is window.topic_page
    shown = window.topic_page.browser.toPlainText()
    assert kiosk.window.pack.page(topic, language).title in shown
    assert window.topic_page.note.isHidden()

    qtbot.mouseClick(window.topic_page.done_button, LEFT)
    assert window.current_screen() is window.attract
    assert window.topic_page.browser.toPlainText() == ""
    assert window.topics.topic_buttons == {}
    assert not kiosk.window.visit.active
    assert event_rows(kiosk) == [
        ("visit", language, None),
        ("language_selected", language, None),
        ("topic_viewed", language, topic),
    ]


def test_idle_timeout_ends_the_visit(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = start(kiosk, qtbot)
    window.idle.set_timeout_ms(300)
    window.still_there.seconds = 1
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons[window.pack.topics[1]], LEFT)
    assert window.topic_page.browser.toPlainText() != ""
    qtbot.waitUntil(lambda: window.current_screen() is window.still_there, timeout=5000)
    assert window.still_there.question.text() == "¿Sigue ahí?"
    qtbot.waitUntil(lambda: window.current_screen() is window.attract, timeout=5000)
    assert window.topic_page.browser.toPlainText() == ""
    assert not window.visit.active
    assert not window.idle.armed
    # the interface is back in the default language for the next visitor
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["en"], LEFT)
    assert window.topics.done_button.text() == "Done"


def test_input_postpones_the_idle_timeout(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = start(kiosk, qtbot)
    window.idle.set_timeout_ms(1500)
    window.still_there.seconds = 1
    # Input as the platform delivers it: to the kiosk's QWindow, where the watcher listens.
    surface = window.windowHandle()
    for step in range(4):  # 2 s of activity in all: longer than the timeout
        qtbot.wait(500)
        spot = QtCore.QPoint(16 + step, 400)  # in the screen's margin: no button there
        qtbot.mouseMove(surface, spot)
        qtbot.mousePress(surface, LEFT, pos=spot)
        qtbot.mouseRelease(surface, LEFT, pos=spot)
        assert window.current_screen() is window.languages
    qtbot.waitUntil(lambda: window.current_screen() is window.attract, timeout=5000)


def test_fallback_note_in_the_visitors_language(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.packs.load import TopicPage

    window = start(kiosk, qtbot)
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    english = window.pack.page("rights-at-work", "en")
    window.topic_page.show_page(
        TopicPage(english.topic, english.title, english.markdown, "en", "es")
    )
    assert not window.topic_page.note.isHidden()
    assert "no está disponible en su idioma" in window.topic_page.note.text()
    assert "English" in window.topic_page.note.text()


def test_touch_before_storage_is_ready_is_still_counted(kiosk_app, qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    """The attract screen is painted before the database opens; an early visitor still counts."""
    from ui.kiosk.app import Kiosk

    early = Kiosk(settings)
    qtbot.addWidget(early.window)
    early.window.show()
    qtbot.mouseClick(early.window.attract, LEFT)
    qtbot.mouseClick(early.window.languages.buttons["es"], LEFT)
    assert early.reach is None
    with qtbot.waitSignal(early.ready, timeout=30_000):
        early.open_storage()
    try:
        assert event_rows(early) == [("visit", "es", None), ("language_selected", "es", None)]
    finally:
        early.close()


def test_unusable_data_folder_fails_with_a_clear_message(kiosk_app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.config import Settings
    from ui.kiosk.app import Kiosk

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    broken = Kiosk(Settings(data_dir=blocker / "data"))
    qtbot.addWidget(broken.window)
    with qtbot.waitSignal(broken.failed, timeout=30_000) as failure:
        broken.open_storage()
    broken.close()
    assert "cannot create the data folder" in failure.args[0]
    assert str(blocker) in failure.args[0]
