"""Numbers inside right-to-left card text are printed in the order they are written (issue 15).

The card PDF is read back with poppler's ``pdftotext -bbox-layout``: each word comes with its
place on the card, and poppler puts a word's characters together from where the glyphs are
drawn, so a number drawn group by group from right to left reads "9448-602-866-1" there.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from kiosk.cards import fonts as card_fonts
from kiosk.cards import make as cards
from kiosk.cards import text as card_text
from kiosk.cards.contacts import Contact, load_contacts
from kiosk.cards.layout import CardTexts
from kiosk.cards.text import Style

NUMBER = "1-800-555-0199"  # not a number on the card otherwise
CALL = "امسح الرمز للاتصال بالرقم 1-800-555-0199 من 8:30\u201316:30"
NAME = "خط المساعدة 1-800-563-0808 (VictimLinkBC)"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext from Debian's poppler-utils"
)


def is_arabic(word: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in word)


def printed_lines(pdf: Path) -> list[list[str]]:
    """Every line of the PDF as its words, left to right as they are printed."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    root = ElementTree.fromstring(xhtml)
    lines = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [(float(w.get("xMin", "0")), w.text or "") for w in line]
        lines.append([text for _x, text in sorted(words)])
    return lines


def visual(fitted: card_text.Fitted) -> list[str]:
    """Each fitted line's characters in the order they are drawn, left to right."""
    return ["".join(str(run.text) for run in line.runs) for line in fitted.lines]


def test_a_number_in_arabic_text_is_drawn_in_order() -> None:
    fitted = card_text.fit(CALL, 400, 100, Style(8, 4, card_fonts.REGULAR, 1), rtl=True)
    (line,) = visual(fitted)
    assert NUMBER in line
    assert "8:30\u201316:30" in line


def test_a_number_broken_over_two_lines_keeps_its_order_on_each() -> None:
    text = "اتصل بالرقم 604 669 4482 الآن"  # a number with spaces may break between lines
    fitted = card_text.fit(text, 60, 100, Style(8, 8, card_fonts.REGULAR, 3), rtl=True)
    assert [line.text for line in fitted.lines] == ["اتصل بالرقم 604", "669 4482 الآن"]
    assert "669 4482" in visual(fitted)[1]


@needs_poppler
def test_the_arabic_card_prints_its_numbers_in_order(tmp_path: Path) -> None:
    base = cards.texts_in("ar")
    contacts = [
        Contact(c.id, c.phone, {**c.names, "ar": NAME}) if c.id == "emergency" else c
        for c in load_contacts()
    ]
    content = cards.card_content(
        "ar", contacts, CardTexts(base.rights, base.title, base.scan, CALL)
    )
    pdf = tmp_path / "card-ar.pdf"
    cards.render_pdf([content], out=pdf)
    lines = printed_lines(pdf)
    arabic_lines = [words for words in lines if any(is_arabic(word) for word in words)]
    numbers = [word for words in arabic_lines for word in words if not is_arabic(word)]
    assert NUMBER in numbers  # in the caption of the call code, among Arabic words
    assert "8:30\u201316:30" in numbers
    assert "1-800-563-0808" in numbers  # in a contact's name
