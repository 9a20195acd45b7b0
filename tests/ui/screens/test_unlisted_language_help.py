"""A visitor whose language the pack lacks gets help in it: 911, the tip line, the desk.

The sentence is the one for their language, in its script and direction, marked as a draft;
the numbers are the pack's own (change the pack, the screen follows); the QR code saves both,
as two real decoders read it; nothing of the choice is left for the next visitor.
"""

from __future__ import annotations

import dataclasses

from kiosk.contact_rules import TIP_LINE_ID
from kiosk.i18n import REQUESTABLE_LANGUAGES
from kiosk.unlisted_languages import help_sentence, missing_sentences
from tests.kiosk.card_codes import needs_decoders, saved_contact, zbar_texts, zxing_reads
from ui.qt import QtCore, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton


def open_help(window, qtbot, language: str):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.more_button, LEFT)
    screen = window.more_languages
    screen.names.ensureWidgetVisible(screen.buttons[language])  # as a finger scrolls to it
    qtbot.mouseClick(screen.buttons[language], LEFT)
    return screen.help


def test_every_language_offered_has_a_sentence() -> None:
    assert missing_sentences() == []
    for language in REQUESTABLE_LANGUAGES:
        sentence = help_sentence(language)
        assert "911" in sentence.text
        assert sentence.draft  # none has been checked by a translator yet


def test_help_is_in_the_visitors_language_with_the_packs_numbers(make_kiosk, qtbot, rows) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    help_page = open_help(window, qtbot, "ur")
    assert help_page.isVisible()
    assert help_page.sentence.text() == help_sentence("ur").text
    assert help_page.sentence.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    assert help_page.draft_note.isVisible()
    tip_line = next(c for c in window.pack.contacts if c.id == TIP_LINE_ID)
    shown = [tile.number.text() for tile in help_page.tiles if tile.isVisible()]
    digits = ["".join(ch for ch in text if ch.isdigit()) for text in shown]
    assert "911" in digits
    assert "".join(ch for ch in tip_line.phone if ch.isdigit()).lstrip("1") in digits[1]
    assert rows(kiosk)[-1] == ("language_requested", "ur", None)


def test_kiche_is_shown_the_spanish_sentence_and_told_so(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    help_page = open_help(kiosk.window, qtbot, "quc")
    assert help_page.sentence.text() == help_sentence("es").text
    assert "Español" in help_page.draft_note.text()


@needs_decoders
def test_the_code_saves_both_numbers_for_two_decoders(make_kiosk, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    help_page = open_help(kiosk.window, qtbot, "km")
    picture = tmp_path / "code.png"
    assert help_page.code.grab().save(str(picture))
    read_by_zxing = [read.text for read in zxing_reads(picture)]
    for texts in (read_by_zxing, zbar_texts(picture)):
        assert len(texts) == 1
        assert saved_contact(texts[0]).numbers == ["911", "+18666029448"]


def test_a_new_pack_number_reaches_the_help(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    pack = window.pack
    contacts = tuple(
        dataclasses.replace(c, phone="1-800-555-0199") if c.id == TIP_LINE_ID else c
        for c in pack.contacts
    )
    window.set_pack(dataclasses.replace(pack, contacts=contacts))
    help_page = open_help(window, qtbot, "hi")
    assert "1-800-555-0199" in help_page.tip_line.number.text()


def test_nothing_of_the_choice_is_left_for_the_next_visitor(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    help_page = open_help(window, qtbot, "am")
    window.end_visit_done()
    assert help_page.sentence.text() == "" and help_page.heading.text() == ""
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.more_button, LEFT)
    assert window.more_languages.choices.isVisible() and not help_page.isVisible()


def test_pictures_and_captions_fit_on_a_small_screen_with_bigger_text(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    window.resize(1024, 768)
    window.set_large_text(True)
    help_page = open_help(window, qtbot, "ta")
    captions = [tile.caption for tile in help_page.tiles]
    for label in captions:
        assert label.height() >= label.heightForWidth(label.width()) or not label.wordWrap()
    assert isinstance(help_page.area, QtWidgets.QScrollArea)


def test_the_numbers_and_the_code_show_without_scrolling_on_the_smallest_screen(
    make_kiosk, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """At 1024x768, in a script with tall lines (Khmer), a visitor sees the sentence, both
    numbers and the code at once: none of them is below the fold."""
    window = make_kiosk().window
    window.resize(1024, 768)
    help_page = open_help(window, qtbot, "km")
    qtbot.wait(50)  # the wrapped sentence settles its height
    assert help_page.area.verticalScrollBar().value() == 0
    for widget in (
        help_page.sentence,
        help_page.emergency.number,
        help_page.tip_line.number,
        help_page.code,
    ):
        shown = widget.visibleRegion().boundingRect()
        assert shown.height() == widget.height(), (
            f"{widget.objectName() or widget} is cut or hidden"
        )
