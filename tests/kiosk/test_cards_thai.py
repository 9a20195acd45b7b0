"""Thai on the card: a phrase wider than its line breaks between Thai clusters, never inside one.

Thai has no spaces between words. A phrase too long for its box used to shrink to the smallest
size or be refused; now, when keeping its words whole would make it much smaller, it breaks
where kiosk.cards.breaks allows: at grapheme boundaries (no mark is separated from its base),
never after a leading vowel, never before a vowel that cannot begin a line.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cards import breaks as card_breaks
from kiosk.cards import fonts as card_fonts
from kiosk.cards import layout as card_layout
from kiosk.cards import make as cards
from kiosk.cards import text as card_text
from kiosk.cards.contacts import Contact, load_contacts
from kiosk.cards.layout import CardTexts
from kiosk.cards.text import Fitted, Style
from kiosk.errors import CardError

FIXTURE = Path(__file__).with_name("cards_data")
TEXTS = tomllib.loads((FIXTURE / "texts.toml").read_text(encoding="utf-8"))
THAI_SAMPLES = sorted(
    {table["th"] for table in TEXTS.values()}
    | {contact.names["th"] for contact in load_contacts(FIXTURE) if "th" in contact.names}
)
# Thai phrases of the samples (Thai characters only): the stuff of long unspaced lines.
THAI_WORDS = sorted(
    {
        "".join(char for char in word if card_breaks.is_thai(char))
        for sample in THAI_SAMPLES
        for word in sample.split()
    }
    - {""}
)
LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"
NOT_LINE_START = "\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f"


def breaks(text: str) -> list[int]:
    return [i for i in range(1, len(text)) if card_breaks.thai_break_allowed(text, i)]


def grapheme_boundary(text: str, index: int) -> bool:
    """UAX #29 for Thai: no boundary before an extending mark (GB9) or SARA AM (GB9a)."""
    after = text[index]
    return not unicodedata.category(after).startswith("M") and after != "\u0e33"


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("ที่", []),  # tone mark on a vowel on a consonant: one cluster
        ("เป็น", []),  # leading vowel, maitaikhu, final consonant
        ("กั้น", []),  # mai han-akat, tone mark, final consonant
        ("ทำ", []),  # sara am never begins a line
        ("กา", []),
        ("๑๒๓", []),  # Thai digits: one number
        ("คนงาน", [1, 2, 4]),  # between consonants, not before sara aa
        ("ไม่มี", [3]),  # ไม่|มี
    ],
)
def test_break_opportunities(text: str, allowed: list[int]) -> None:
    assert breaks(text) == allowed


def test_only_between_thai_characters_leaving_two_letters_each_side() -> None:
    assert breaks("กขคง abc") == [1, 2, 3]
    assert [piece.text for piece in card_breaks.tokens("กขคง abc")] == ["กขคง", "abc"]
    pieces = card_breaks.tokens("กขคง abc", thai_clusters=True)
    assert [(p.text, p.weak) for p in pieces] == [("กข", True), ("คง", False), ("abc", False)]
    pieces = card_breaks.tokens("กขค ไม่มีเลย", thai_clusters=True)  # marks are not letters
    assert [(p.text, p.weak) for p in pieces] == [
        ("กขค", False),
        ("ไม่", True),
        ("มี", True),
        ("เลย", False),
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(THAI_WORDS), min_size=1, max_size=6).map("".join))
def test_every_break_is_a_grapheme_boundary_and_keeps_the_text(text: str) -> None:
    pieces = card_breaks.tokens(text, thai_clusters=True)
    assert "".join(piece.text for piece in pieces) == text
    for index in breaks(text):
        assert grapheme_boundary(text, index), (text, index)
        assert text[index - 1] not in LEADING_VOWELS
        assert text[index] not in NOT_LINE_START


def letters(text: str) -> int:
    return sum(1 for char in text if not unicodedata.category(char).startswith("M"))


def check_lines(fitted: Fitted, text: str, width: float) -> None:
    """No line wider than the box, nothing lost, no line begins with a mark or ends with a
    leading vowel, no break inside a phrase leaves a single letter on either side."""
    assert fitted.width <= width + 1e-6
    text = card_text.clean(text)
    position = 0
    for number, line in enumerate(fitted.lines):
        assert line.advance * fitted.size <= width + 1e-6
        assert text.startswith(line.text, position), (text, line.text)
        position += len(line.text)
        assert not unicodedata.category(line.text[0]).startswith("M"), line.text
        assert line.text[0] not in NOT_LINE_START and line.text[-1] not in LEADING_VOWELS
        if position < len(text) and text[position] == " ":
            position += 1  # broken at a space
        elif position < len(text):  # broken inside a phrase
            following = fitted.lines[number + 1].text
            assert letters(line.text.split(" ")[-1]) >= 2 and letters(following.split(" ")[0]) >= 2
    assert position == len(text)


def test_a_long_phrase_without_spaces_breaks_instead_of_being_refused() -> None:
    text = TEXTS["rights"]["th"].replace(" ", "")
    style = Style(8.0, 4.5, card_fonts.BOLD, 3)
    # with whole words only, it fits at no size
    assert card_text._largest(text, 200, 200, style, False, thai_clusters=False) is None
    fitted = card_text.fit(text, 200, 200, style)
    assert fitted.size == 8.0
    assert len(fitted.lines) >= 2
    check_lines(fitted, text, 200)


def test_words_stay_whole_when_that_costs_little() -> None:
    """The shipped-style rights line breaks at its space, not inside a word."""
    text = TEXTS["rights"]["th"]
    fitted = card_text.fit(text, 220, 200, Style(8.0, 4.5, card_fonts.BOLD, 3))
    assert [line.text for line in fitted.lines] == text.split(" ")


def test_a_space_far_enough_along_the_line_is_preferred() -> None:
    first, second = "แรงงานต่างชาติชั่วคราว", "สายแจ้งเบาะแสของโครงการแรงงาน" * 3
    size = 7.0
    advance = card_text.shape_line(first, card_fonts.BOLD).advance * size
    for share, breaks_at_the_space in ((0.7, True), (0.4, False)):
        width = advance / share
        lines = card_text.wrap(f"{first} {second}", width / size, card_fonts.BOLD, False, True)
        assert (lines[0] == first) is breaks_at_the_space, (share, lines)


@settings(max_examples=80, deadline=None)
@given(
    text=st.lists(st.sampled_from(THAI_WORDS), min_size=1, max_size=8).map("".join),
    width=st.floats(min_value=30, max_value=240),
    lines=st.integers(min_value=2, max_value=4),
)
def test_fitted_thai_never_overflows(text: str, width: float, lines: int) -> None:
    try:
        fitted = card_text.fit(text, width, 200, Style(8.0, 4.5, card_fonts.REGULAR, lines))
    except CardError:
        return  # too long even broken at every cluster: refused, never clipped
    assert len(fitted.lines) <= lines
    check_lines(fitted, text, width)


def test_a_thai_card_with_unspaced_texts_renders(tmp_path: Path) -> None:
    words = CardTexts(
        rights=TEXTS["rights"]["th"].replace(" ", ""),
        title=TEXTS["title"]["th"],
        scan=TEXTS["scan"]["th"],
        call=TEXTS["call"]["th"],
    )
    long_name = "ศูนย์ช่วยเหลือแรงงานข้ามชาติในบริติชโคลัมเบีย"
    contacts = [
        Contact(c.id, c.phone, {**c.names, "th": long_name})
        if c.id == "migrant-workers-centre"
        else c
        for c in load_contacts(FIXTURE)
    ]
    card = cards.card_content("th", contacts, words)
    placed = card_layout.layout(card)
    for text in (words.rights, long_name):
        (box,) = [p for p in (*placed.front, *placed.back) if p.fitted.text == text]
        check_lines(box.fitted, text, box.width)
    (rights,) = [p for p in placed.front if p.fitted.text == words.rights]
    assert len(rights.fitted.lines) > 1
    pdf = tmp_path / "thai.pdf"
    cards.render_pdf([card], "card", pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
