"""Every text on a wallet card survives a cheap printer and months in a wallet: large enough, and
dark on light in black and white.

ID and wallet cards use about 6 pt as a floor; below it, a 203 dpi black-and-white print breaks
strokes apart. The sizes are read back from the real PDF (pypdf: each text's font size times its
text and page matrices), as the shipped pack and catalogs make the card in each language, so a
layout that shrinks a text to fit is caught wherever it happens. Phone numbers, the reason the
card exists, are at least 7 pt and bold.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageFilter
from pypdf import PdfReader

from kiosk.cards import layout as card_layout
from kiosk.cards import make as cards
from kiosk.packs.load import load_pack

PACK = load_pack()
MIN_TEXT_PT = 6.0
MIN_PHONE_PT = 7.0
# A phone number as printed: digits and dashes, maybe isolated by bidi marks for Arabic.
PHONE = re.compile(r"^[\u2066-\u2069\u200e\u200f]*[\d][\d\- ]{2,}[\u2066-\u2069\u200e\u200f]*$")


@dataclass(frozen=True)
class PrintedText:
    face: str  # which side: front or back
    text: str
    size: float  # points, as printed
    font: str


def printed_texts(pdf: bytes) -> list[PrintedText]:
    """Every text the PDF shows, with its printed size and font."""
    found: list[PrintedText] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        face = "front" if number % 2 == 0 else "back"

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if not text.strip():
                return
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            found.append(PrintedText(face, text.strip(), round(size * scale, 2), name))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("language", PACK.languages)
def test_no_text_is_smaller_than_6_pt_and_numbers_are_7_pt_bold(language: str) -> None:
    texts = printed_texts(cards.render_pdf([cards.pack_card(language, PACK)]))
    assert {text.face for text in texts} == {"front", "back"}
    small = [(t.face, t.text, t.size) for t in texts if t.size < MIN_TEXT_PT - 0.01]
    assert not small, f"{language}: texts under {MIN_TEXT_PT} pt: {small}"
    phones = [t for t in texts if PHONE.match(t.text)]
    assert len(phones) >= 5  # every contact's number on the front, the tip line's on the back
    weak = [
        (t.text, t.size, t.font) for t in phones if t.size < MIN_PHONE_PT or "Bold" not in t.font
    ]
    assert not weak, f"{language}: numbers under {MIN_PHONE_PT} pt or not bold: {weak}"


# Black and white: a cheap card printer, or an office printer's driver, turns the card into
# black dots. poppler's 1-bit render dithers as such a driver does: white text on a dark band
# comes out as a hole in a dotted field, and text in any shade but black as a pattern of dots
# with gaps in every stroke, which at 6 pt breaks letters apart.
MONO_DPI = 300
SOLID = 0.99  # of the inside of a text's strokes, the part printed as solid black


def faces(pdf: bytes, folder: Path, mode: str) -> list[Image.Image]:
    """The card's faces as poppler renders them, ``-mono`` (1 bit, dithered) or ``-gray``, with
    no grey edges: a pixel is ink or not."""
    source = folder / "card.pdf"
    source.write_bytes(pdf)
    prefix = folder / mode.strip("-")
    crisp = ["-aa", "no", "-aaVector", "no"]
    subprocess.run(
        ["pdftoppm", mode, *crisp, "-r", str(MONO_DPI), str(source), str(prefix)], check=True
    )
    return [Image.open(path).convert("L") for path in sorted(folder.glob(f"{prefix.name}-*.p?m"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs Debian's poppler-utils")
@pytest.mark.parametrize("language", PACK.languages)
def test_every_text_prints_solid_black_on_white_in_black_and_white(
    language: str, tmp_path: Path
) -> None:
    content = cards.pack_card(language, PACK)
    card = card_layout.layout(content)
    pdf = cards.render_pdf([content])
    mono, grey = faces(pdf, tmp_path, "-mono"), faces(pdf, tmp_path, "-gray")
    assert len(mono) == len(grey) == 2
    scale = MONO_DPI / 72
    for one_bit, shades, placed in zip(mono, grey, (card.front, card.back), strict=True):
        for text in placed:
            box = (
                round(text.x * scale),
                round(text.top * scale),
                round((text.x + text.width) * scale),
                round((text.top + text.fitted.height) * scale),
            )
            ink = shades.crop(box).point(lambda shade: 255 if shade < 128 else 0)
            share = ink.histogram()[255] / (ink.width * ink.height)
            # text is a minority of dark pixels on a light ground (not white on a dark band)
            assert 0.02 < share < 0.5, (language, text.fitted.text, round(share, 2))
            # the inside of its strokes (ink with ink all around) is black in the 1-bit print
            inside = ink.filter(ImageFilter.MinFilter(3)).tobytes()
            printed = one_bit.crop(box).tobytes()
            solid = sum(1 for i, p in zip(inside, printed, strict=True) if i and p < 128)
            assert solid >= SOLID * sum(1 for i in inside if i), (language, text.fitted.text)
