"""Topic pages prepared in idle time show exactly what a page built on the spot shows, follow
the text size and contrast the visitor picks, and are all dropped when the visit ends."""

from __future__ import annotations

import time

import pytest

from kiosk import i18n
from ui.common.style import TEXT_SIZES
from ui.kiosk.topic_documents import isolate_ltr_runs
from ui.qt import QtCore, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton


def start(kiosk, qtbot, language: str):  # type: ignore[no-untyped-def]
    window = kiosk.window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons[language], LEFT)
    documents = window.topic_page.documents
    qtbot.waitUntil(lambda: documents.prepared == len(window.pack.topics))
    qtbot.waitUntil(lambda: not documents.preparing)
    return window


def picture_of(window):  # type: ignore[no-untyped-def]
    """The window as drawn the second time: glyphs drawn for the first time at a new size can
    differ by a few shades from the same glyphs drawn from Qt's glyph cache afterwards."""
    window.grab()
    return window.grab().toImage()


def on_demand(window, topic: str):  # type: ignore[no-untyped-def]
    """The page's HTML and the window's picture, built on the spot as before preparation."""
    page = window.topic_page
    page.documents.clear()  # nothing prepared: the page is built when shown
    window.choose_topic(topic)
    assert page.documents.prepared == 1
    reference = QtWidgets.QTextBrowser()  # the widget's own Markdown import, as it used to be
    reference.setFont(page.browser.font())
    reference.setMarkdown(window.pack.page(topic, window.visit.language).markdown)
    if i18n.is_right_to_left(window.visit.language):  # numbers isolated, as pages are shown
        isolate_ltr_runs(reference.document())
    assert reference.document().toHtml() == page.browser.document().toHtml()
    return page.browser.document().toHtml(), picture_of(window)


@pytest.mark.parametrize("language", ["en", "th", "ar"])
def test_prepared_page_is_the_page_built_on_demand(make_kiosk, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, language)
    page = window.topic_page
    topic = window.pack.topics[1]
    prepared = page.documents.prepared
    qtbot.mouseClick(window.topics.topic_buttons[topic], LEFT)
    assert page.documents.prepared == prepared  # shown from what was prepared, nothing built
    html, picture = page.browser.document().toHtml(), picture_of(window)
    assert window.pack.page(topic, language).title in page.browser.toPlainText()

    window.show_topics()
    assert on_demand(window, topic) == (html, picture)


def test_text_size_and_contrast_changed_after_preparation_are_honoured(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "th")
    page = window.topic_page
    first, second = window.pack.topics[0], window.pack.topics[2]
    qtbot.mouseClick(window.topics.topic_buttons[first], LEFT)
    qtbot.mouseClick(window.view_options.text_size_button, LEFT)
    assert page.browser.document().defaultFont().pixelSize() == TEXT_SIZES[1]
    qtbot.mouseClick(window.view_options.contrast_button, LEFT)
    assert window.high_contrast
    # prepared again for the larger text while the visitor reads
    qtbot.waitUntil(lambda: page.documents.prepared == len(window.pack.topics))
    qtbot.waitUntil(lambda: not page.documents.preparing)
    assert page.documents.is_prepared(window.pack.page(second, "th"))
    qtbot.mouseClick(page.back_button, LEFT)
    qtbot.mouseClick(window.topics.topic_buttons[second], LEFT)
    assert page.browser.document().defaultFont().pixelSize() == TEXT_SIZES[1]
    assert page.browser.fontInfo().pixelSize() == TEXT_SIZES[1]
    html, picture = page.browser.document().toHtml(), picture_of(window)

    window.show_topics()
    assert on_demand(window, second) == (html, picture)


def test_a_page_not_yet_prepared_is_built_with_the_current_size(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "es")
    page = window.topic_page
    topic = window.pack.topics[3]
    qtbot.mouseClick(window.topics.topic_buttons[window.pack.topics[0]], LEFT)
    qtbot.mouseClick(window.view_options.text_size_button, LEFT)
    qtbot.mouseClick(page.back_button, LEFT)
    # no turn of the event loop yet: nothing was prepared for the larger text
    window.choose_topic(topic)
    assert page.browser.document().defaultFont().pixelSize() == TEXT_SIZES[1]
    assert window.pack.page(topic, "es").title in page.browser.toPlainText()


def test_the_end_of_a_visit_drops_every_prepared_page(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "ar")
    page = window.topic_page
    qtbot.mouseClick(window.topics.topic_buttons[window.pack.topics[0]], LEFT)
    qtbot.mouseClick(page.done_button, LEFT)
    assert page.documents.prepared == 0 and not page.documents.preparing
    assert page.browser.toPlainText() == ""

    # the next visitor's language replaces what a language switch had started
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["fr"], LEFT)
    window.show_languages()
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    qtbot.waitUntil(lambda: not page.documents.preparing)
    for topic in window.pack.topics:
        assert page.documents.is_prepared(window.pack.page(topic, "es"))
        assert not page.documents.is_prepared(window.pack.page(topic, "fr"))
    window.choose_topic(window.pack.topics[0])
    assert page.documents.prepared == len(window.pack.topics)
    assert page.page is not None and page.page.requested_language == "es"
    assert page.browser.toPlainText().strip() != ""


def test_pages_are_prepared_one_per_turn_of_the_event_loop(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    documents = window.topic_page.documents
    window.start_visit()
    window.choose_language("th")
    assert documents.prepared == 0  # the language switch itself builds nothing
    counts = []
    for _turn in range(100):
        if not documents.preparing:
            break
        time.sleep(0.002)
        QtWidgets.QApplication.processEvents()  # one turn, as between two touches
        counts.append(documents.prepared)
    assert counts[-1] == len(window.pack.topics)
    assert all(later - earlier <= 1 for earlier, later in zip([0, *counts], counts, strict=False))
