"""The attract screen says what the kiosk is, in every shipped language, to someone walking by."""

from __future__ import annotations

from kiosk import i18n
from ui.common.fonts import families_for
from ui.kiosk.attract import GREETING, PROMPT, PURPOSE


def test_every_language_says_free_confidential_rights_at_work(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    attract = window.attract
    english = {message: i18n.gettext_in("en", message) for message in (GREETING, PURPOSE, PROMPT)}
    assert english[PURPOSE] == (
        "Free and confidential information about your rights at work in Canada."
    )
    for index, language in enumerate(window.pack.languages):
        attract.show_language(index)
        shown = [label.text() for label in attract.messages()]
        assert all(shown), language
        if language != "en":  # said in the language itself, not in English
            assert not set(shown) & set(english.values()), (language, shown)
        assert attract.names[language].property("current") is True
        others = [code for code in attract.names if code != language]
        assert not any(attract.names[code].property("current") for code in others)


def test_every_language_name_is_on_screen_at_once(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A reader of any script finds theirs without waiting for the greeting's turn."""
    window = make_kiosk().window
    attract = window.attract
    assert set(attract.names) == set(window.pack.languages)
    for language, label in attract.names.items():
        assert label.isVisible() and label.text() == i18n.native_name(language)
        assert label.font().families()[: len(families_for(language))] == families_for(language)
    assert not attract.sign.pixmap().isNull()  # the information sign, readable without words
    assert attract.sign.pixmap().width() >= 100


def test_the_language_screen_has_a_heading(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    window.start_visit()
    assert window.languages.heading.isVisible()
    assert window.languages.heading.text() == "Choose your language"


def test_the_last_visitors_language_leaves_no_mark_on_the_attract_screen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A visitor taps while Thai is shown, turns on bigger text and high contrast, and hides
    the screen: the next person (or a recruiter watching) must not see Thai still marked."""
    from ui.qt import QtGui

    window = make_kiosk().window
    window.resize(1024, 768)
    window.warm_up()
    attract = window.attract
    attract.show_language(window.pack.languages.index("th"))
    window.start_visit()
    window.set_large_text(True)
    window.set_high_contrast(True)
    window.end_visit_hide()
    qtbot.wait(20)
    current = attract.language
    assert current != "th"
    for language, name in attract.names.items():
        is_current = language == current
        assert name.fontInfo().bold() == is_current, language
        colour = name.palette().color(QtGui.QPalette.ColorRole.WindowText).name()
        other = attract.names["fr" if current != "fr" else "es"]
        if not is_current:
            assert colour == other.palette().color(QtGui.QPalette.ColorRole.WindowText).name()


def test_the_language_screen_heading_takes_every_language_in_turn(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A visitor who cannot read the kiosk's language still meets the heading in theirs, in
    its own script, and the names below do not move while it changes."""
    window = make_kiosk().window
    window.resize(1024, 768)
    window.start_visit()
    qtbot.wait(20)  # laid out at this size
    picker = window.languages
    seen: dict[str, str] = {}
    tops = set()
    for _turn in window.pack.languages:
        seen[picker.heading.text()] = picker.heading.font().family()
        tops.add(picker.buttons["en"].mapTo(window, picker.buttons["en"].rect().topLeft()).y())
        picker.show_next_heading()
        qtbot.wait(10)
    assert len(seen) == len(window.pack.languages)
    assert i18n.gettext_in("th", "Choose your language") in seen
    assert i18n.gettext_in("ar", "Choose your language") in seen
    assert seen[i18n.gettext_in("th", "Choose your language")] in families_for("th")
    assert len(tops) == 1
