"""Card text, shaped and measured: lines cut into runs by script and direction, fitted to boxes.

Why this exists: reportlab draws one font per string and knows nothing of scripts or directions.
A line of a wallet card can mix Gurmukhi with Latin, Chinese with full-width brackets, or
Arabic (joined, right to left) with a Latin organisation name and digits. Each line is

1. cut into runs by font (:mod:`kiosk.cards.fonts` picks the font of each character),
2. given bidi levels (:mod:`kiosk.cards.bidi_levels`) and its runs put in visual order,
3. shaped run by run with HarfBuzz through ``reportlab.pdfbase.ttfonts.shapeStr``, which joins
   Arabic, stacks Thai and Gurmukhi marks and places Vietnamese diacritics.

HarfBuzz picks a run's direction from its script, so a right-to-left run without Arabic letters
(brackets, spaces) is mirrored and reversed here, and a left-to-right run holding Arabic-Indic
digits is shaped digit by digit; every other run is shaped as it is.

Right-to-left text has its numbers and Latin runs isolated first (:mod:`kiosk.bidi_text`), so
"1-866-602-9448" after Arabic words is not drawn as "9448-602-866-1". python-bidi's classic
algorithm knows no isolates: step 2 resolves the text around an isolate with the isolate as one
neutral character, as UAX #9 treats it, and each isolate's content at its own level. The
invisible direction marks are dropped once the levels are known.

:func:`fit` then wraps (:mod:`kiosk.cards.breaks` says where a line may break) and shrinks
text until it fits its box; when it cannot fit even at the smallest allowed size it raises
CardError. Text is never clipped and lines never overlap: line spacing comes from the glyphs'
real ink extents.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

import uharfbuzz  # type: ignore[import-untyped]
from bidi.mirror import MIRRORED  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr  # type: ignore[import-untyped]

from kiosk import bidi_text
from kiosk.cards import bidi_levels
from kiosk.cards import breaks as card_breaks
from kiosk.cards import fonts as card_fonts
from kiosk.cards.breaks import Piece
from kiosk.cards.fonts import FontFace
from kiosk.errors import CardError

LEFT, RIGHT, CENTER = "left", "right", "center"
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
# Explicit embeddings and overrides: not expected in content, and python-bidi's classic
# algorithm would drop them from its output; they are removed before layout. Isolates stay.
_EXPLICIT = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e"))
_INVISIBLE = dict.fromkeys(map(ord, bidi_text.BIDI_CONTROLS))
_SIZE_STEP = 0.25
_LINE_GAP = 0.12  # blank space between two lines' ink, in em
# Thai breaks inside a word only if keeping words whole needs a size below this share of the
# size that breaking allows.
WHOLE_WORDS_SHRINK = 0.7


@dataclass(frozen=True)
class Run:
    """A shaped piece of a line in one font, in visual order; ``advance`` is its width at 1 pt."""

    face: FontFace
    text: str  # a reportlab ShapedStr when HarfBuzz changed anything, else the plain text
    advance: float


@dataclass(frozen=True)
class Line:
    """A shaped line at 1 pt: its text, runs left to right, width, the ink's top and bottom."""

    text: str
    runs: tuple[Run, ...]
    advance: float

    @cached_property
    def top(self) -> float:
        """Highest ink above the baseline, at 1 pt (measured only when a line is placed)."""
        return max((_ink(run)[0] for run in self.runs), default=0.0)

    @cached_property
    def bottom(self) -> float:
        """Lowest ink, negative below the baseline, at 1 pt."""
        return min((_ink(run)[1] for run in self.runs), default=0.0)


@dataclass(frozen=True)
class Style:
    """How a text box wants its text: largest and smallest size, weight, lines allowed."""

    size: float
    min_size: float
    weight: str = card_fonts.REGULAR
    max_lines: int = 1


@dataclass(frozen=True)
class Fitted:
    """Text laid out for a box: its size, lines, each line's baseline below the top, height."""

    text: str
    size: float
    lines: tuple[Line, ...]
    baselines: tuple[float, ...]
    height: float
    rtl: bool

    @property
    def width(self) -> float:
        return max((line.advance for line in self.lines), default=0.0) * self.size


_RUNS_OF_SPACE = re.compile(r"[^\S\u00a0]+")  # any whitespace but the no-break space


def clean(text: str) -> str:
    """NFC, no explicit embeddings, single spaces: the form every measurement uses. A no-break
    space stays one: a translator put it there to keep two words on one line."""
    normal = unicodedata.normalize("NFC", text).translate(_EXPLICIT)
    return _RUNS_OF_SPACE.sub(" ", normal).strip(" ")


def is_rtl_text(text: str) -> bool:
    """Whether ``text`` has any right-to-left character (and so needs the bidi step)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


@lru_cache(maxsize=4096)
def shape_line(text: str, weight: str = card_fonts.REGULAR, rtl: bool = False) -> Line:
    """Shape one line of text (already clean) with base direction right-to-left if ``rtl``."""
    levels = bidi_levels.levels(text, rtl) if rtl or is_rtl_text(text) else [0] * len(text)
    shown = [i for i, char in enumerate(text) if char not in bidi_text.BIDI_CONTROLS]
    if len(shown) < len(text):  # direction marks and isolates have done their work
        text = "".join(text[i] for i in shown)
        levels = [levels[i] for i in shown]
    if not text:
        return Line("", (), 0.0)
    faces = _faces(text, weight)
    logical: list[tuple[FontFace, int, str]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (faces[index], levels[index]) != (faces[start], levels[start]):
            logical.append((faces[start], levels[start], text[start:index]))
            start = index
    runs: list[Run] = []
    for font_face, level, piece in bidi_levels.visual_order(logical):
        runs.extend(_shape_run(font_face, level, piece))
    return Line(text, tuple(runs), sum(run.advance for run in runs))


def _faces(text: str, weight: str) -> list[FontFace]:
    faces: list[FontFace] = []
    current: FontFace | None = None
    for char in text:
        if char in card_fonts.JOINERS:
            current = current or card_fonts.face(card_fonts.LATIN, weight)
        else:
            current = card_fonts.face_for(char, weight, current)
        faces.append(current)
    # Neutral characters before the first letter take the font of the letters after them.
    first_strong = next(
        (i for i, char in enumerate(text) if not card_fonts.is_neutral(char)), len(text)
    )
    for index in range(first_strong - 1, -1, -1):
        following = faces[index + 1] if index + 1 < len(text) else None
        if following is not None and card_fonts.covers(following, text[index]):
            faces[index] = following
    return faces


def _shape_run(font_face: FontFace, level: int, text: str) -> list[Run]:
    if level % 2:
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
            return [_shaped(font_face, text)]  # HarfBuzz sees Arabic and shapes right to left
        mirrored = "".join(MIRRORED.get(char, char) for char in reversed(text))
        return [_shaped(font_face, mirrored)]
    if any(card_fonts.script_of(char) == card_fonts.ARABIC for char in text):
        return [_shaped(font_face, char) for char in text]  # Arabic-Indic digits, left to right
    return [_shaped(font_face, text)]


@lru_cache(maxsize=8192)
def _shaped(font_face: FontFace, text: str) -> Run:
    name = card_fonts.ensure_registered(font_face)
    shaped = shapeStr(text, name, 10)
    if isinstance(shaped, ShapedStr):
        advance = sum(data.x_advance for data in shaped.__shapeData__) / 1000.0
    else:
        advance = pdfmetrics.stringWidth(shaped, name, 1)
    return Run(font_face, shaped, advance)


@cache
def _hb_font(font_face: FontFace) -> tuple[Any, float]:
    font = pdfmetrics.getFont(card_fonts.ensure_registered(font_face))
    hb_face = uharfbuzz.Face(uharfbuzz.Blob(font.face._ttf_data))
    return uharfbuzz.Font(hb_face), float(hb_face.upem)


@lru_cache(maxsize=8192)
def _ink(run: Run) -> tuple[float, float]:
    """Top and bottom of the run's ink at 1 pt (bottom negative below the baseline)."""
    if not run.text.strip():
        return 0.0, 0.0
    font = pdfmetrics.getFont(run.face.key)
    hb_font, upem = _hb_font(run.face)
    shape_data = getattr(run.text, "__shapeData__", None)
    top, bottom = 0.0, 0.0
    for index, char in enumerate(run.text):
        glyph = font.face.charToGlyph.get(ord(char))
        if glyph is None:
            continue
        extents = hb_font.get_glyph_extents(glyph)
        if extents is None:
            continue
        rise = shape_data[index].y_offset / 1000.0 if shape_data else 0.0
        top = max(top, extents.y_bearing / upem + rise)
        bottom = min(bottom, (extents.y_bearing + extents.height) / upem + rise)
    return top, bottom


@lru_cache(maxsize=4096)
def _piece_advance(text: str, space: bool, weight: str, rtl: bool) -> tuple[float, float]:
    """Width of a piece at 1 pt, and of the space after it (0 without one)."""
    advance = shape_line(text, weight, rtl).advance
    if not space:
        return advance, 0.0
    shown = text.translate(_INVISIBLE) or " "
    return advance, _shaped(_faces(shown, weight)[-1], " ").advance


def wrap(text: str, width: float, weight: str, rtl: bool, thai_clusters: bool = False) -> list[str]:
    """Lines of at most ``width`` (in em at 1 pt), measured piece by piece (card_breaks.wrap).

    :func:`fit` then shapes each whole line and checks it.
    """

    def measure(piece: Piece) -> tuple[float, float]:
        return _piece_advance(piece.text, piece.space, weight, rtl)

    return card_breaks.wrap(text, width, measure, thai_clusters)


@lru_cache(maxsize=2048)
def fit(text: str, width: float, height: float, style: Style, rtl: bool = False) -> Fitted:
    """Lay ``text`` out in a box ``width`` x ``height`` (points), shrinking and wrapping.

    The largest size from ``style.size`` down to ``style.min_size`` at which the text fits in
    at most ``style.max_lines`` lines wins. Thai may break inside a word only when keeping its
    words whole would need a size below :data:`WHOLE_WORDS_SHRINK` of the size that breaking
    allows (or no size at all). Raises CardError if it fits at none.
    """
    text = clean(text)
    if rtl:  # numbers and Latin runs keep their own order (kiosk.bidi_text)
        text = bidi_text.isolate_ltr_runs(text, rtl)
    best = _largest(text, width, height, style, rtl, thai_clusters=False)
    if (
        style.max_lines > 1
        and (best is None or best.size < WHOLE_WORDS_SHRINK * style.size)
        and card_breaks.has_thai(text)
    ):  # (breaking never allows more than the largest size)
        broken = _largest(text, width, height, style, rtl, thai_clusters=True)
        if broken is not None and (best is None or best.size < WHOLE_WORDS_SHRINK * broken.size):
            best = broken
    if best is not None:
        return best
    raise CardError(
        f"text does not fit on the card: {text!r} needs more than {style.max_lines} line(s) "
        f"of {width / 72 * 25.4:.1f} mm even at {style.min_size} pt"
    )


def _largest(
    text: str, width: float, height: float, style: Style, rtl: bool, thai_clusters: bool
) -> Fitted | None:
    """The text at the largest size it fits at, or None."""
    best = _try(text, style.size, width, height, style, rtl, thai_clusters)
    if best is not None:
        return best
    # Sizes on a 0.25 pt grid below the largest: the largest that fits, by bisection (a
    # smaller size never needs more room; wrapping may make that untrue by a hair, and then a
    # slightly smaller size than the largest possible is chosen, still inside the box).
    low, high = 0, math.floor((style.size - style.min_size) / _SIZE_STEP + 1e-9)  # steps down
    while low < high:
        middle = (low + high) // 2
        fitted = _try(
            text, style.size - middle * _SIZE_STEP, width, height, style, rtl, thai_clusters
        )
        if fitted is None:
            low = middle + 1
        else:
            best, high = fitted, middle
    if best is None:
        best = _try(text, style.size - high * _SIZE_STEP, width, height, style, rtl, thai_clusters)
    return best


def _try(
    text: str,
    size: float,
    width: float,
    height: float,
    style: Style,
    rtl: bool,
    thai_clusters: bool = False,
) -> Fitted | None:
    if style.max_lines > 1:
        lines = bidi_text.whole_isolates(wrap(text, width / size, style.weight, rtl, thai_clusters))
    else:
        lines = [text]
    if len(lines) > style.max_lines:
        return None
    shaped = tuple(shape_line(line, style.weight, rtl) for line in lines)
    if any(line.advance * size > width + 1e-6 for line in shaped):
        return None
    baselines = []
    y = 0.0
    for index, line in enumerate(shaped):
        ascent = max(line.top, 0.75) * size
        if index == 0:
            y = ascent
        else:
            previous = shaped[index - 1]
            pitch = max(1.2, -min(previous.bottom, -0.2) + max(line.top, 0.75) + _LINE_GAP)
            y += pitch * size
        baselines.append(y)
    total = baselines[-1] - min(shaped[-1].bottom, -0.2) * size if baselines else 0.0
    if total > height + 1e-6:
        return None
    return Fitted(text, size, shaped, tuple(baselines), total, rtl)


def draw(canvas: Any, fitted: Fitted, x: float, top: float, width: float, align: str) -> None:
    """Draw ``fitted`` in the box whose left edge is ``x`` and top edge ``top`` (PDF points)."""
    size = fitted.size
    for line, baseline in zip(fitted.lines, fitted.baselines, strict=True):
        line_width = line.advance * size
        if align == RIGHT:
            cursor = x + width - line_width
        elif align == CENTER:
            cursor = x + (width - line_width) / 2
        else:
            cursor = x
        for run in line.runs:
            if run.text:
                draw_run(canvas, run, cursor, top - baseline, size)
            cursor += run.advance * size


def draw_run(canvas: Any, run: Run, x: float, y: float, size: float) -> None:
    text_object = canvas.beginText(x, y)
    text_object.setFont(run.face.key, size)
    if run.face.fake_bold:
        text_object.setTextRenderMode(2)  # fill and stroke: a heavier stroke for bold Chinese
        canvas.setLineWidth(size * 0.035)
    text_object.textOut(run.text)
    if run.face.fake_bold:
        text_object.setTextRenderMode(0)  # the mode outlives the text object: reset it
    canvas.drawText(text_object)
