"""Numbers read in the order they are written on right-to-left screens (issue 15).

In Arabic, "1-866-602-9448" after Arabic words used to be shown as "9448-602-866-1". These
tests lay the text out as Qt draws it and read the glyphs' x positions, so they check what a
visitor sees, not the string behind it.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from kiosk.packs.authoring import write_manifest
from kiosk.packs.load import default_pack_root
from ui.qt import QtCore, QtGui, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
TIP_LINE = "1-866-602-9448"
# As a translator writes it: no invisible marks around the numbers.
ARABIC_LINE = (
    "اتصل بخط الإبلاغ على الرقم 1-866-602-9448 من 8:30\u201316:30، أو اكتب إلى PICS (604-596-7722)."
)


def seen(layout: QtGui.QTextLayout, text: str) -> list[str]:
    """Each line of ``text``, laid out in ``layout``, as a person sees it: its visible
    characters left to right, placed by the x position of their glyphs."""
    flags = QtGui.QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
    lines = []
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        placed = []
        for index in range(line.textStart(), line.textStart() + line.textLength()):
            if index >= len(text) or unicodedata.category(text[index]) in ("Cf", "Zl"):
                continue
            xs = [
                position.x()
                for run in line.glyphRuns(index, 1, flags)
                for position in run.positions()
            ]
            if xs:
                placed.append((min(xs), index))
        lines.append("".join(text[index] for _x, index in sorted(placed)))
    return lines


def label_layout(label: QtWidgets.QLabel) -> QtGui.QTextLayout:
    """A plain-text label's text laid out the way QLabel paints it (QPainter::drawText): the
    label's font and direction, line breaks as line separators of one paragraph."""
    layout = QtGui.QTextLayout(label.text().replace("\n", "\u2028"), label.font())
    option = QtGui.QTextOption()
    option.setTextDirection(label.layoutDirection())
    option.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
    layout.endLayout()
    return layout


def seen_label(label: QtWidgets.QLabel) -> list[str]:
    layout = label_layout(label)
    return seen(layout, layout.text())


def open_card(kiosk, qtbot):  # type: ignore[no-untyped-def]
    window = kiosk.window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["ar"], LEFT)
    qtbot.mouseClick(window.topics.card_button, LEFT)
    qtbot.waitUntil(lambda: window.card.codes is not None, timeout=30_000)
    return window.card


def test_the_tip_line_under_its_code_reads_in_order(
    make_kiosk, qtbot, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))  # no printer at all
    card = open_card(make_kiosk(), qtbot)
    qtbot.mouseClick(card.print_button, LEFT)
    qtbot.waitUntil(lambda: card.pages.currentWidget() is card.codes_page, timeout=30_000)
    assert card.tel_caption.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    caption, number = seen_label(card.tel_caption)
    assert caption  # "Scan to call the tip line", in Arabic
    assert number == TIP_LINE


def test_the_numbers_on_the_card_screen_read_in_order(
    make_kiosk, qtbot, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    card = open_card(make_kiosk(), qtbot)
    cells = [card.numbers.itemAt(i).widget() for i in range(card.numbers.count())]
    shown = [seen_label(cell) for cell in cells[1::2]]  # name, number, name, ...
    assert shown == [[entry.phone.display] for entry in card.codes.content.entries]
    assert [TIP_LINE] in shown


@pytest.fixture
def numbers_pack(tmp_path: Path) -> Path:
    """The shipped pack with an Arabic line holding a phone number, a time range and a Latin
    name with a number in brackets, written without any invisible direction marks."""
    pack = tmp_path / "numbers-pack"
    shutil.copytree(str(default_pack_root()), pack)
    toml = pack / "pack.toml"
    text, count = re.subn(
        r"^version = .*$", 'version = "2099.1.0"', toml.read_text("utf-8"), flags=re.M
    )
    assert count == 1
    toml.write_text(text, "utf-8")
    page = pack / "topics" / "report-safely" / "ar.md"
    page.write_text(page.read_text("utf-8") + f"\n{ARABIC_LINE}\n", "utf-8")
    write_manifest(pack)
    return pack


def test_numbers_in_an_arabic_topic_page_read_in_order(
    make_kiosk, qtbot, numbers_pack: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(numbers_pack).window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["ar"], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["report-safely"], LEFT)
    document = window.topic_page.browser.document()
    blocks = [document.findBlockByNumber(i) for i in range(document.blockCount())]
    (block,) = [block for block in blocks if "8:30" in block.text()]
    assert block.textDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    shown = "".join(seen(block.layout(), block.text()))
    assert TIP_LINE in shown
    assert "8:30\u201316:30" in shown
    assert "PICS (604-596-7722)" in shown  # its brackets stay with it
