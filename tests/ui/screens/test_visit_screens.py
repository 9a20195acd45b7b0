"""The visitor's screens, driven through real widgets: hide, still there, more languages,
assisted visits, text size and contrast, scrolling, touch target sizes, right to left."""

from __future__ import annotations

import pytest

from kiosk import i18n
from kiosk.packs.load import load_pack
from ui.common.metrics import mm_to_px, px_to_mm
from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton


def start(kiosk, qtbot, language: str = "en"):  # type: ignore[no-untyped-def]
    window = kiosk.window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons[language], LEFT)
    return window


def test_hide_button_is_on_every_visit_screen_and_ends_the_visit(make_kiosk, qtbot, rows) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    assert not window.hide_button.isVisible()  # nothing to hide on the neutral screen
    qtbot.mouseClick(window.attract, LEFT)
    for screen in (window.languages, window.more_languages):
        window.show_screen(screen)
        assert window.hide_button.isVisible()
    window.show_languages()
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    assert window.hide_button.isVisible()
    qtbot.mouseClick(window.topics.topic_buttons["report-safely"], LEFT)
    qtbot.mouseClick(window.view_options.contrast_button, LEFT)
    assert window.hide_button.isVisible()
    assert window.hide_button.height() >= mm_to_px(12, window)

    qtbot.mouseClick(window.hide_button, LEFT)
    assert window.current_screen() is window.attract
    assert not window.hide_button.isVisible()
    assert window.topic_page.browser.toPlainText() == ""
    assert window.topics.topic_buttons == {}
    assert window.styleSheet() == ""  # high contrast is gone too
    assert not window.visit.active
    assert i18n.active_language() == "en"
    assert rows(kiosk) == [
        ("visit", "es", None),
        ("language_selected", "es", None),
        ("topic_viewed", "es", "report-safely"),
    ]


def test_still_there_countdown_can_be_answered(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "es")
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    window.idle.set_timeout_ms(200)
    qtbot.waitUntil(lambda: window.current_screen() is window.still_there, timeout=5000)
    assert not window.topic_page.isVisible()  # someone else may be standing there now
    assert window.still_there.countdown.text() == "20"
    assert "20 segundos" in window.still_there.explanation.text()
    qtbot.wait(1100)
    assert window.still_there.countdown.text() == "19"
    qtbot.mouseClick(window.still_there.stay_button, LEFT)
    assert window.current_screen() is window.topic_page
    assert window.topic_page.browser.toPlainText() != ""
    assert window.idle.armed and not window.still_there.counting
    assert window.visit.active


def test_still_there_runs_out_and_ends_the_visit(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "es")
    window.still_there.seconds = 1
    window.on_idle()
    assert window.current_screen() is window.still_there
    qtbot.waitUntil(lambda: window.current_screen() is window.attract, timeout=5000)
    assert not window.visit.active


def test_my_language_is_not_here_counts_the_request(make_kiosk, qtbot, rows) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.more_button, LEFT)
    screen = window.more_languages
    assert window.current_screen() is screen
    assert len(screen.buttons) >= 20
    assert screen.buttons["hi"].text() == "हिन्दी"
    assert screen.buttons["quc"].text() == "K\u02bciche\u02bc"
    for button in screen.buttons.values():
        assert px_to_mm(button.height(), button) >= 12
    qtbot.mouseClick(screen.buttons["ne"], LEFT)
    assert screen.help.isVisible() and not screen.choices.isVisible()
    qtbot.mouseClick(screen.back_button, LEFT)
    assert window.current_screen() is window.languages
    qtbot.mouseClick(window.languages.buttons["en"], LEFT)
    assert rows(kiosk) == [
        ("language_requested", "ne", None),
        ("visit", "en", None),  # counted in the language the visit is held in
        ("language_selected", "en", None),
    ]


def test_language_buttons_are_at_least_12_mm_and_named_natively(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    qtbot.mouseClick(window.attract, LEFT)
    for code, button in window.languages.buttons.items():
        assert button.text() == i18n.native_name(code)
        assert px_to_mm(button.height(), button) >= 12
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    for button in window.topics.topic_buttons.values():
        assert px_to_mm(button.height(), button) >= 12


def test_the_window_fits_a_1366_by_768_screen(make_kiosk, world_pack) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(world_pack).window
    window.start_visit()
    for language in window.pack.languages:
        window.choose_language(language)
        assert window.minimumSizeHint().height() <= 768
        assert window.minimumSizeHint().width() <= 1366


def test_assisted_mode_marks_visits(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    window.set_assisted_mode(True)
    qtbot.mouseClick(window.attract, LEFT)
    assert window.visit.assisted
    assert window.badge.isVisible()
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    assert window.badge.text() == "Visita asistida"
    qtbot.mouseClick(window.topics.done_button, LEFT)
    assert not window.visit.assisted  # the flag belongs to one visit
    qtbot.mouseClick(window.attract, LEFT)
    assert window.visit.assisted  # the mode stays on for the next visitor
    window.set_assisted_mode(False)
    window.end_visit("done")
    qtbot.mouseClick(window.attract, LEFT)
    assert not window.visit.assisted and window.badge.isHidden()


def test_text_size_and_contrast_last_until_the_visit_ends(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "es")
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    page = window.topic_page
    normal = page.browser.fontInfo().pixelSize()
    qtbot.mouseClick(window.view_options.text_size_button, LEFT)
    assert page.browser.fontInfo().pixelSize() > normal
    assert window.view_options.text_size_button.text() == "Texto normal"
    qtbot.mouseClick(window.view_options.contrast_button, LEFT)
    assert window.high_contrast and "#000000" in window.styleSheet()
    qtbot.mouseClick(page.back_button, LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["report-safely"], LEFT)
    assert page.browser.fontInfo().pixelSize() > normal  # still larger on the next page
    qtbot.mouseClick(page.done_button, LEFT)
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    assert page.browser.fontInfo().pixelSize() == normal
    assert not window.view_options.text_size_button.isChecked() and not window.high_contrast


def test_scroll_buttons_page_through_the_text(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "en")
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    page = window.topic_page
    qtbot.mouseClick(window.view_options.text_size_button, LEFT)
    bar = page.browser.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == 0
    qtbot.mouseClick(page.down_button, LEFT)
    assert bar.value() > 0
    qtbot.mouseClick(page.up_button, LEFT)
    assert bar.value() == 0


def test_draft_translation_is_marked_and_can_be_hidden(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, "es")
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    assert window.topic_page.draft_note.isVisible()
    assert "traductor" in window.topic_page.draft_note.text()
    hiding = make_kiosk(hide_draft_translations=True)
    assert list(hiding.window.languages.buttons) == ["en"]
    assert hiding.window.attract._languages == ("en",)


def test_arabic_is_laid_out_right_to_left_in_its_font(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(world_pack)
    assert kiosk.active_pack.origin == "installed"
    window = start(kiosk, qtbot, "ar")
    assert window.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    assert window.topics.font().families()[0] == "Noto Sans Arabic"
    assert window.topics.title.text() == "ماذا تريد أن تعرف؟"
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    page = window.topic_page

    def x(widget):  # type: ignore[no-untyped-def]
        return widget.mapTo(window, QtCore.QPoint(0, 0)).x()

    # mirrored: "Done" on the left, "Back" on the right, "hide" in the top-left corner
    qtbot.waitUntil(lambda: x(page.done_button) < x(page.back_button))
    qtbot.waitUntil(lambda: x(window.hide_button) < window.width() // 2)
    assert page.browser.document().firstBlock().textDirection() == (
        QtCore.Qt.LayoutDirection.RightToLeft
    )
    qtbot.mouseClick(window.hide_button, LEFT)
    assert window.layoutDirection() == QtCore.Qt.LayoutDirection.LeftToRight


def test_fallback_is_announced_in_the_visitors_language(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(world_pack)
    window = start(kiosk, qtbot, "ar")
    qtbot.mouseClick(window.topics.topic_buttons["emergency-and-health"], LEFT)
    note = window.topic_page.note
    assert note.isVisible()
    assert note.text() == i18n.gettext_in(
        "ar", "This page is not available in your language yet. It is shown in {language}."
    ).format(language="\u2068English\u2069")  # isolated: stays in order in RTL
    assert note.text() != "This page is not available in your language yet. It is shown in English."


@pytest.mark.parametrize("language", ["en", "es"])
def test_fonts_follow_the_language(make_kiosk, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = start(kiosk, qtbot, language)
    assert window.topics.font().families()[0] == "Noto Sans"
    assert window.languages.buttons["en"].font().families()[0] == "Noto Sans"


def test_pack_installed_meanwhile_shows_next_visit(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    from kiosk.packs.store import PackStore

    kiosk = make_kiosk(allow_unsigned_packs=True)
    window = start(kiosk, qtbot, "es")
    added = set(load_pack(world_pack).languages) - set(window.languages.buttons)
    assert added  # world_pack has a language the shipped pack does not
    PackStore(kiosk.settings.resolved_data_dir(), allow_unsigned=True).install(world_pack)
    assert not added & set(window.languages.buttons)  # not in the middle of a visit
    qtbot.mouseClick(window.topics.done_button, LEFT)
    qtbot.mouseClick(window.attract, LEFT)
    assert added <= set(window.languages.buttons)
    assert kiosk.active_pack.pack.version == "2099.1.0"


def test_bigger_text_and_contrast_are_on_every_visit_screen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A visitor who cannot read the picker's small print finds the toggles before a topic."""
    kiosk = make_kiosk()
    window = kiosk.window
    options = window.view_options
    qtbot.mouseClick(window.attract, LEFT)
    assert window.current_screen() is window.languages and options.isVisible()
    button_font = window.languages.more_button.fontInfo().pixelSize()
    qtbot.mouseClick(options.text_size_button, LEFT)
    assert window.languages.more_button.fontInfo().pixelSize() > button_font
    # the bar grew with its own text, so the toggles are not cut
    assert window.top_bar.height() >= options.sizeHint().height()
    qtbot.mouseClick(options.contrast_button, LEFT)
    assert window.high_contrast
    qtbot.mouseClick(window.languages.buttons["th"], LEFT)
    assert window.current_screen() is window.topics and options.isVisible()
    assert options.text_size_button.isChecked() and options.contrast_button.isChecked()
    for screen in (window.card, window.topic_page, window.still_there):
        window.show_screen(screen)
        assert options.isVisible()
    window.end_visit("done")
    assert not options.isVisible()  # the attract screen is the whole window
    assert not options.text_size_button.isChecked() and not window.high_contrast
