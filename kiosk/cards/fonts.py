"""The fonts a wallet card embeds, and which one draws each character.

Why per character: reportlab draws every string with one font and never falls back to another,
so a line mixing scripts ("ਐਮਰਜੈਂਸੀ 911", "热线" with "Service Canada" in full-width brackets)
must be cut into runs, each with a font that has its glyphs. The shipped fonts (resources/fonts,
TrueType outlines, which reportlab can subset and embed) cover every pack language; a character
none of them has is an error naming it, never an empty box on a printed card.

Fonts are registered with reportlab on first use: the Chinese font alone takes a fifth of a
second to parse, and most cards never need it.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from kiosk.errors import CardError

REGULAR = "regular"
BOLD = "bold"


@dataclass(frozen=True)
class FontFace:
    """One shipped font file as reportlab knows it."""

    key: str  # stable short name, also the reportlab font name
    file: str
    fake_bold: bool = False  # no bold file: bold is drawn by stroking the outline thinly


# Script families with their own font; everything else (Latin incl. Vietnamese, digits,
# punctuation) is drawn with Noto Sans when it has the glyph.
LATIN, GURMUKHI, THAI, ARABIC, HAN = "latin", "gurmukhi", "thai", "arabic", "han"

FACES: dict[tuple[str, str], FontFace] = {
    (LATIN, REGULAR): FontFace("Card-NotoSans", "NotoSans-Regular.ttf"),
    (LATIN, BOLD): FontFace("Card-NotoSans-Bold", "NotoSans-Bold.ttf"),
    (GURMUKHI, REGULAR): FontFace("Card-NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf"),
    (GURMUKHI, BOLD): FontFace("Card-NotoSansGurmukhi-Bold", "NotoSansGurmukhi-Bold.ttf"),
    (THAI, REGULAR): FontFace("Card-NotoSansThai", "NotoSansThai-Regular.ttf"),
    (THAI, BOLD): FontFace("Card-NotoSansThai-Bold", "NotoSansThai-Bold.ttf"),
    (ARABIC, REGULAR): FontFace("Card-NotoSansArabic", "NotoSansArabic-Regular.ttf"),
    (ARABIC, BOLD): FontFace("Card-NotoSansArabic-Bold", "NotoSansArabic-Bold.ttf"),
    (HAN, REGULAR): FontFace("Card-DroidSansFallback", "DroidSansFallbackFull.ttf"),
    (HAN, BOLD): FontFace("Card-DroidSansFallback", "DroidSansFallbackFull.ttf", fake_bold=True),
}
# Tried in this order for a character outside the ranges below; the Chinese font comes last
# because it is slow to load.
FALLBACK_ORDER = (LATIN, ARABIC, GURMUKHI, THAI, HAN)

_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x0A00, 0x0A7F, GURMUKHI),
    (0x0E00, 0x0E7F, THAI),
    (0x2E80, 0x2FDF, HAN),
    (0x3000, 0x303F, HAN),  # CJK punctuation
    (0x3040, 0x31FF, HAN),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xF900, 0xFAFF, HAN),
    (0xFE30, 0xFE4F, HAN),
    (0xFF00, 0xFFEF, HAN),  # full-width brackets, commas and stops
    (0x20000, 0x3134F, HAN),
)
# Characters that take no glyph of their own and stay in the run they are in.
JOINERS = frozenset({"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"})

_lock = threading.Lock()


@lru_cache(maxsize=8192)
def script_of(char: str) -> str | None:
    """The script family with its own font that ``char`` belongs to, or None."""
    code = ord(char)
    if code < 0x0600:  # Latin, Greek, Cyrillic, punctuation: the common case, answered first
        return None
    for start, end, script in _RANGES:
        if start <= code <= end:
            return script
    return None


def is_mark(char: str) -> bool:
    """Combining marks and joiners belong to the character before them."""
    return char in JOINERS or unicodedata.category(char) in ("Mn", "Mc", "Me")


def is_neutral(char: str) -> bool:
    """Spaces, punctuation, symbols and digits: drawn in the font of the text around them."""
    return unicodedata.category(char)[0] in "ZPSN" and script_of(char) is None


def face(script: str, weight: str) -> FontFace:
    return FACES[(script, weight)]


@cache
def _loaded(file: str) -> frozenset[int]:
    """Register every face using ``file`` with reportlab; return the code points it covers."""
    data = (resources.files("kiosk.resources") / "fonts" / file).read_bytes()
    covered: frozenset[int] = frozenset()
    for key in sorted({f.key for f in FACES.values() if f.file == file}):
        font = TTFont(key, io.BytesIO(data))
        pdfmetrics.registerFont(font)
        covered = frozenset(font.face.charToGlyph)
    return covered


def coverage(font_face: FontFace) -> frozenset[int]:
    """The code points ``font_face`` has glyphs for, registering it with reportlab first."""
    with _lock:
        return _loaded(font_face.file)


def ensure_registered(font_face: FontFace) -> str:
    """Register ``font_face`` if needed; return its reportlab font name."""
    coverage(font_face)
    return font_face.key


def covers(font_face: FontFace, char: str) -> bool:
    return ord(char) in coverage(font_face)


@lru_cache(maxsize=16384)
def face_for(char: str, weight: str, current: FontFace | None = None) -> FontFace:
    """The face that draws ``char``: its script's own, the current run's, or the first that has it.

    Raises CardError naming the character when no shipped font has it.
    """
    script = script_of(char)
    if script is not None:
        preferred = face(script, weight)
        if covers(preferred, char):
            return preferred
    if current is not None and (is_neutral(char) or is_mark(char)) and covers(current, char):
        return current
    for candidate in FALLBACK_ORDER:
        font_face = face(candidate, weight)
        if covers(font_face, char):
            return font_face
    name = unicodedata.name(char, "unnamed character")
    raise CardError(
        f"no font for U+{ord(char):04X} {name} ({name.split()[0].title()} script): "
        "the card fonts cover Latin, Vietnamese, Gurmukhi, Thai, Arabic and Chinese"
    )


def metrics(font_face: FontFace) -> tuple[float, float]:
    """Ascent and descent (negative) of ``font_face`` per point of font size."""
    font = pdfmetrics.getFont(ensure_registered(font_face))
    return font.face.ascent / 1000.0, font.face.descent / 1000.0
