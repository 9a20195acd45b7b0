"""Related things stay together on every screen size: a caption right under its code, a name
beside its number, however wide or tall the screen is.

At 1920x1080 contact names once sat ~1,200 px from their numbers, and on a portrait screen the
QR captions ~500 px under their codes: nothing was cut, so only the distances show it.
"""

from __future__ import annotations

import pytest

from ui.qt import QtCore, QtWidgets

SIZES = [(1024, 768), (1920, 1080), (1080, 1920)]
NEAR_PX = 48  # a caption's top to its code's bottom
BESIDE_PX = 160  # a name's right edge to its number's left edge


def place(widget: QtWidgets.QWidget) -> QtCore.QRect:
    top_left = widget.mapTo(widget.window(), QtCore.QPoint(0, 0))
    return QtCore.QRect(top_left, widget.size())


def open_card(window, qtbot, size: tuple[int, int]):  # type: ignore[no-untyped-def]
    window.resize(*size)
    window.start_visit()
    window.choose_language("th")
    window.show_card()
    card = window.card
    qtbot.waitUntil(lambda: card.numbers.count() > 0, timeout=10_000)  # made on a worker
    qtbot.wait(20)
    return card


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_each_name_sits_beside_its_number(make_kiosk, qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    card = open_card(make_kiosk().window, qtbot, size)
    rows = card.numbers.rowCount()
    pairs = [
        (card.numbers.itemAtPosition(r, 0), card.numbers.itemAtPosition(r, 1)) for r in range(rows)
    ]
    pairs = [(a.widget(), b.widget()) for a, b in pairs if a is not None and b is not None]
    assert len(pairs) >= 3
    # where the names' text ends, not their labels (a label can be far wider than its text);
    # the names form a column, so the longest one is the one beside the numbers
    flags = int(QtCore.Qt.TextFlag.TextWordWrap.value)
    text_ends = [
        place(name).left()
        + name.fontMetrics()
        .boundingRect(QtCore.QRect(0, 0, name.width(), 10_000), flags, name.text())
        .width()
        for name, _number in pairs
    ]
    for name, number in pairs:
        gap = place(number).left() - max(text_ends)
        assert 0 < gap <= BESIDE_PX, f"the names end {gap} px from {number.text()!r}"
        assert place(number).top() < place(name).bottom()  # on the same row


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_each_caption_sits_under_its_code(make_kiosk, qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    card = open_card(window, qtbot, size)
    card.show_codes()
    qtbot.waitUntil(lambda: card.vcard_view.code is not None, timeout=10_000)
    qtbot.wait(20)
    for view, caption in ((card.vcard_view, card.vcard_caption), (card.tel_view, card.tel_caption)):
        code, text = place(view), place(caption)
        drawn = min(code.width(), code.height())  # the code is drawn square, centred
        code_bottom = code.center().y() + drawn // 2
        assert 0 <= text.top() - code_bottom <= NEAR_PX, (
            f"caption {text.top() - code_bottom} px under its code at {size}"
        )


def test_text_and_touch_targets_grow_with_the_screen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A portrait or large screen is used, not left empty: the page's text and the buttons
    are larger there than on the smallest screen, and the page still fits."""
    window = make_kiosk().window
    window.start_visit()
    window.choose_language("pa")
    window.choose_topic(window.pack.topics[0])
    measured = {}
    for size in ((1024, 768), (1080, 1920), (1920, 1080)):
        window.resize(*size)
        qtbot.wait(20)
        page = window.topic_page
        measured[size] = (page.browser.fontInfo().pixelSize(), page.done_button.height())
        needed = window.minimumSizeHint()
        assert needed.width() <= size[0] and needed.height() <= size[1]
    small_text, small_button = measured[(1024, 768)]
    for size in ((1080, 1920), (1920, 1080)):
        text, button = measured[size]
        assert text >= small_text * 1.25 and button >= small_button * 1.25, size


def test_topics_take_one_column_on_a_portrait_screen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """In portrait, two narrow columns wrapped long titles and left half the screen empty."""
    window = make_kiosk().window
    window.start_visit()
    window.choose_language("pa")
    topics = window.topics
    for size, columns in (((1080, 1920), 1), ((1920, 1080), 2), ((1024, 768), 2)):
        window.resize(*size)
        qtbot.wait(20)
        lefts = {place(button).left() for button in topics.topic_buttons.values()}
        assert len(lefts) == columns, size
