"""Card text is shaped by script and direction, fitted to its box, never clipped or overlapped.

Checked on the glyphs HarfBuzz picks from the real fonts: joined Arabic forms, reordered
Gurmukhi vowel signs, stacked Thai marks, and never the empty-box glyph (.notdef).
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from kiosk.cards import breaks as card_breaks
from kiosk.cards import fonts as card_fonts
from kiosk.cards import layout as card_layout
from kiosk.cards import make as cards
from kiosk.cards import text as card_text
from kiosk.cards.contacts import load_contacts
from kiosk.cards.text import Line, Run, Style
from kiosk.errors import CardError
from kiosk.packs.load import load_pack

FIXTURE = Path(__file__).with_name("cards_data")
TEXTS = tomllib.loads((FIXTURE / "texts.toml").read_text(encoding="utf-8"))
SAMPLES = sorted(
    {text for table in TEXTS.values() for text in table.values()}
    | {name for contact in load_contacts(FIXTURE) for name in contact.names.values()}
)


def glyphs(run: Run) -> list[int]:
    font = pdfmetrics.getFont(run.face.key)
    return [font.face.charToGlyph[ord(char)] for char in run.text]


def offsets(run: Run) -> list[tuple[float, float, float]]:
    data = getattr(run.text, "__shapeData__", None) or []
    return [(d.x_advance, d.x_offset, d.y_offset) for d in data]


def only_run(line: Line) -> Run:
    (run,) = line.runs
    return run


@pytest.mark.parametrize("text", SAMPLES)
def test_no_sample_needs_the_empty_box_glyph(text: str) -> None:
    rtl = card_text.is_rtl_text(text)
    line = card_text.shape_line(card_text.clean(text), card_fonts.BOLD, rtl)
    assert line.advance > 0
    for run in line.runs:
        assert 0 not in glyphs(run), (text, run.face.key)


def test_arabic_is_joined_and_right_to_left() -> None:
    word = "طوارئ"
    run = only_run(card_text.shape_line(word, rtl=True))
    assert run.face.file == "NotoSansArabic-Regular.ttf"
    isolated = [glyphs(only_run(card_text.shape_line(letter, rtl=True)))[0] for letter in word]
    joined = glyphs(run)
    assert joined != isolated[::-1]  # contextual (joined) forms, not the letters alone
    clusters = [data.cluster for data in run.text.__shapeData__]
    assert clusters == sorted(clusters, reverse=True)  # first letter drawn rightmost


def test_brackets_are_mirrored_in_right_to_left_text() -> None:
    line = card_text.shape_line("(الشرطة)", rtl=True)
    visual = "".join(run.text for run in line.runs if run.face.key == "Card-NotoSans")
    assert visual == "()"  # logical ")" is drawn first (leftmost), mirrored into "("


def test_latin_and_digits_keep_their_order_inside_arabic() -> None:
    line = card_text.shape_line("اتصل بـ WorkSafeBC على 911", rtl=True)
    visual = [str(run.text).strip() for run in line.runs if run.text.strip()]
    # left to right: the number, "on", the Latin name, "call on": read right to left in Arabic
    assert visual[0] == "911"
    assert visual[2] == "WorkSafeBC"
    assert [run.face.file for run in line.runs if run.text.strip()] == [
        "NotoSansArabic-Regular.ttf",  # its digits: the font of the text around them
        "NotoSansArabic-Regular.ttf",
        "NotoSans-Regular.ttf",
        "NotoSansArabic-Regular.ttf",
    ]


def test_gurmukhi_vowel_sign_is_drawn_before_its_consonant() -> None:
    run = only_run(card_text.shape_line("ਕਿ"))
    assert run.face.file == "NotoSansGurmukhi-Regular.ttf"
    assert run.text[0] == "\u0a3f"  # sign i is written after ka but drawn to its left


def test_thai_marks_stack_without_advancing() -> None:
    run = only_run(card_text.shape_line("ที่"))
    advances = [advance for advance, _x, _y in offsets(run)]
    assert advances[0] > 0
    assert advances[1:] == [0, 0]
    assert glyphs(run)[2] != glyphs(only_run(card_text.shape_line("\u0e48")))[0]  # moved form


def test_vietnamese_diacritics_compose() -> None:
    decomposed = unicodedata.normalize("NFD", "Khẩn cấp")
    assert card_text.clean(decomposed) == "Khẩn cấp"
    run = only_run(card_text.shape_line(card_text.clean(decomposed)))
    assert run.face.key == "Card-NotoSans"
    assert "ẩ" in run.text or len(glyphs(run)) >= len("Khẩn cấp")


def test_chinese_runs_and_breaks() -> None:
    line = card_text.shape_line("临时热线\uff08Service Canada\uff09")
    assert [run.face.key for run in line.runs] == [
        "Card-DroidSansFallback",
        "Card-NotoSans",
        "Card-DroidSansFallback",
    ]
    pieces = [piece.text for piece in card_breaks.tokens("紧急情况\uff08警察、消防\uff09")]
    assert pieces == ["紧", "急", "情", "况", "\uff08警", "察、", "消", "防\uff09"]


def test_a_character_no_font_has_is_named() -> None:
    with pytest.raises(CardError, match="U\\+0905 DEVANAGARI LETTER A"):
        card_text.shape_line("अधिकार")


def test_text_shrinks_before_it_is_refused() -> None:
    text = "Temporary Foreign Worker Program tip line (Service Canada)"
    roomy = card_text.fit(text, 400, 100, Style(7, 4, card_fonts.BOLD, 1))
    tight = card_text.fit(text, 150, 100, Style(7, 4, card_fonts.BOLD, 1))
    assert roomy.size == 7
    assert 4 <= tight.size < 7
    assert tight.width <= 150
    with pytest.raises(CardError, match="does not fit"):
        card_text.fit(text, 60, 100, Style(7, 4, card_fonts.BOLD, 1))


words = st.lists(
    st.sampled_from(sorted({w for s in SAMPLES for w in s.split()})), min_size=1, max_size=14
)


@settings(max_examples=80, deadline=None)
@given(
    words=words,
    width=st.floats(min_value=40, max_value=260),
    height=st.floats(min_value=8, max_value=60),
    lines=st.integers(min_value=1, max_value=3),
)
def test_fitted_text_stays_in_its_box_whole_and_apart(
    words: list[str], width: float, height: float, lines: int
) -> None:
    text = " ".join(words)
    rtl = card_text.is_rtl_text(text)
    try:
        fitted = card_text.fit(text, width, height, Style(8, 4.5, card_fonts.REGULAR, lines), rtl)
    except CardError:
        return  # refused, never squeezed out of its box
    assert 4.5 <= fitted.size <= 8
    assert len(fitted.lines) <= lines
    assert fitted.height <= height + 1e-6
    assert fitted.width <= width + 1e-6
    whole = "".join(line.text for line in fitted.lines)  # lines break at spaces or in Chinese
    assert whole.replace(" ", "") == card_text.clean(text).replace(" ", "")
    size = fitted.size
    assert fitted.baselines[0] >= fitted.lines[0].top * size - 1e-6  # ink below the box top
    for upper, lower, top, below in zip(
        fitted.lines, fitted.lines[1:], fitted.baselines, fitted.baselines[1:], strict=False
    ):
        assert below - top >= (lower.top - upper.bottom) * size  # ink of two lines never meets
    last = fitted.lines[-1]
    assert fitted.baselines[-1] - last.bottom * size <= fitted.height + 1e-6


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("Temporary Foreign Worker Program tip line (Service Canada)", "(Service Canada)"),
        ("خط الإبلاغ التابع لبرنامج العمال الأجانب المؤقتين (Service Canada)", "(Service Canada)"),
        ("Ligne de signalement des travailleurs étrangers (Service Canada)", "(Service Canada)"),
        ("Help lines for workers in B.C.", "in B.C."),
        ("Lignes d'aide pour les travailleurs en C.-B.", "en C.-B."),
        ("Líneas de ayuda para trabajadores en Columbia\u00a0Británica", "Columbia\u00a0Británica"),
    ],
)
def test_a_short_bracketed_name_and_an_abbreviation_stay_whole(text: str, whole: str) -> None:
    """Wrapped at every width, no line ends inside "(Service Canada)" or before "B.C."."""
    words = card_breaks.tokens(text)
    assert whole in [piece.text for piece in words]
    for width in range(40, 200, 7):
        lines = card_text.wrap(text, width, card_fonts.REGULAR, card_text.is_rtl_text(text))
        assert any(whole in line for line in lines), (width, lines)


def test_a_long_bracketed_list_may_still_break() -> None:
    """A bracketed list longer than a short name breaks like any text, so it can fit at all."""
    pieces = [piece.text for piece in card_breaks.tokens("Emergency (police, fire, ambulance)")]
    assert pieces == ["Emergency", "(police,", "fire,", "ambulance)"]


def test_the_shipped_cards_keep_place_names_whole() -> None:
    """The catalogs keep "Columbia Británica" together with a no-break space, "C.-B." follows
    its word: on the printed back, each place name is on one line."""
    pack = load_pack()
    for language, name in (("es", "Británica"), ("fr", "C.-B."), ("en", "B.C.")):
        back = card_layout.layout(cards.pack_card(language, pack)).back
        lines = [line.text for placed in back for line in placed.fitted.lines]
        (line,) = [line for line in lines if name in line]
        assert "Columbia" in line if language == "es" else len(line.split()) > 1, lines
