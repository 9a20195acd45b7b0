"""Where a line of card text may break: spaces, slashes, Chinese characters, Thai clusters.

Most scripts on the card break at spaces (and zero-width spaces), after a slash, and between
Chinese characters (not before closing or after opening punctuation).

Thai writes no spaces between words; a space ends a phrase or sentence, so a Thai phrase can be
wider than a card's line. Breaking it properly needs a dictionary of Thai words (ICU, libthai or
PyThaiNLP). None of them fits this kiosk: PyICU must be compiled against libicu (and its
30 MB of data would go into the bundle), libthai is Linux-only C, and PyThaiNLP installs 68 MB
of corpora for a tokenizer that also loads a 60,000-word dictionary at start. So a Thai phrase
keeps its words whole when it can (see kiosk.cards.text.fit), and otherwise breaks between Thai
character clusters, the units Thai typesetters never split (after Theeramunkong's TCC rules):

- never before a combining mark (vowels above and below, tone marks, thanthakhat): no mark is
  ever separated from its base, so every break is also a Unicode grapheme boundary;
- never before SARA A, SARA AA, SARA AM, LAKKHANGYAO, MAIYAMOK or PAIYANNOI, which cannot
  begin a line, nor before ANGKHANKHU and KHOMUT;
- never after a leading vowel (SARA E, SARA AE, SARA O, SARA AI MAIMALAI, SARA AI MAIMUAN),
  which belongs to the consonant after it;
- never right after MAI HAN-AKAT, SARA UE, SARA UEE or MAITAIKHU (with their tone marks): a
  consonant of the same syllable follows;
- never inside a number;
- never leaving fewer than two letters of a phrase alone before or after the break.

A translator can still mark good places to break with U+200B ZERO WIDTH SPACE between words:
that is a break like a space; and keep words together with U+00A0 NO-BREAK SPACE ("Columbia
Británica"), which is never one.

Some spaces are never breaks, in any language: those inside a short bracketed name or
explanation ("(Service Canada)", up to KEEP_WHOLE_CHARS), which read as one thing and become
nonsense when split over two lines, and the one before an abbreviation such as "B.C." or
"C.-B.", which alone on a line looks like a stray.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

from kiosk.cards import fonts as card_fonts

SPACES = (" ", "\u200b")
THAI_FIRST, THAI_LAST = 0x0E01, 0x0E5B
_NOT_LINE_START = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f\u0e5a\u0e5b")
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
# MAI HAN-AKAT, SARA UE, SARA UEE, MAITAIKHU: always followed by a consonant of their syllable
_TAKES_A_FINAL = frozenset("\u0e31\u0e36\u0e37\u0e47")
_COMBINING = ("Mn", "Mc", "Me")
MIN_LETTERS = 2  # letters (marks not counted) a break inside a phrase leaves on either side
# A line that would end inside a Thai word ends at its last space instead, if that is at least
# this far along the line.
SPACE_BREAK_FILL = 0.6
KEEP_WHOLE_CHARS = 24  # a bracketed text up to this long stays on one line
_SHORT_BRACKETED = re.compile(  # ASCII or full-width brackets
    f"[(\uff08][^()\uff08\uff09]{{1,{KEEP_WHOLE_CHARS - 2}}}[)\uff09]"
)
# the space before "B.C." or "C.-B." (French): such an abbreviation alone on a line looks stray
_BEFORE_ABBREVIATION = re.compile(r"(?<=\S) (?=[A-Z]\.(?:-?[A-Z]\.)+(?!\w))")


class Piece(NamedTuple):
    """Text between two break opportunities; ``space``: a space follows it; ``weak``: the break
    after it falls inside a Thai word (see :func:`tokens`)."""

    text: str
    space: bool
    weak: bool = False


def is_thai(char: str) -> bool:
    return THAI_FIRST <= ord(char) <= THAI_LAST


def has_thai(text: str) -> bool:
    return any(is_thai(char) for char in text)


def tokens(text: str, thai_clusters: bool = False) -> list[Piece]:
    """Pieces between line-break opportunities.

    With ``thai_clusters``, Thai is also broken between clusters (:func:`thai_break_allowed`);
    those pieces are ``weak``, so a line breaker can prefer a space when one is near.
    """
    pieces: list[Piece] = []
    current = ""
    may_break = False
    before, after = _phrase_letters(text) if thai_clusters else ([], [])
    kept = _unbreakable_spaces(text)
    for index, char in enumerate(text):
        if index in kept:
            current, may_break = current + char, False
            continue
        if char in SPACES:
            if current:
                pieces.append(Piece(current, char == " "))
            current, may_break = "", False
            continue
        han_letter = card_fonts.script_of(char) == card_fonts.HAN and unicodedata.category(
            char
        ).startswith("L")
        closing = unicodedata.category(char) in ("Pe", "Pf", "Po") and not _opening(char)
        if current and (may_break or han_letter) and not closing and not _opening(current[-1]):
            pieces.append(Piece(current, False))
            current = ""
        elif (
            thai_clusters
            and before[index] >= MIN_LETTERS
            and after[index] >= MIN_LETTERS
            and thai_break_allowed(text, index)
        ):
            pieces.append(Piece(current, False, weak=True))
            current = ""
        current += char
        may_break = han_letter or char == "/"
    if current:
        pieces.append(Piece(current, False))
    return pieces


def _unbreakable_spaces(text: str) -> set[int]:
    """Indexes of the spaces that are not breaks: inside a short bracketed text, and before an
    abbreviation like "B.C."."""
    kept = {
        index
        for match in _SHORT_BRACKETED.finditer(text)
        for index in range(match.start(), match.end())
        if text[index] in SPACES
    }
    kept.update(match.start() for match in _BEFORE_ABBREVIATION.finditer(text))
    return kept


def thai_break_allowed(text: str, index: int) -> bool:
    """Whether a line may break between ``text[index - 1]`` and ``text[index]``, both Thai."""
    if index <= 0 or index >= len(text):
        return False
    before, after = text[index - 1], text[index]
    if not (is_thai(before) and is_thai(after)):
        return False
    if unicodedata.category(after) in _COMBINING or after in _NOT_LINE_START:
        return False
    if before in _LEADING_VOWELS:
        return False
    if unicodedata.category(before) == "Nd" and unicodedata.category(after) == "Nd":
        return False
    start = index
    while start > 0 and unicodedata.category(text[start - 1]) in _COMBINING:
        start -= 1
    return not any(mark in _TAKES_A_FINAL for mark in text[start:index])


def _phrase_letters(text: str) -> tuple[list[int], list[int]]:
    """For each index, the letters (marks not counted) of its phrase (between spaces) before it
    and from it on."""
    letter = [char not in SPACES and unicodedata.category(char) not in _COMBINING for char in text]
    before, after = [0] * (len(text) + 1), [0] * (len(text) + 1)
    for index, char in enumerate(text):
        before[index + 1] = 0 if char in SPACES else before[index] + letter[index]
    for index in range(len(text) - 1, -1, -1):
        after[index] = 0 if text[index] in SPACES else after[index + 1] + letter[index]
    return before, after


def _opening(char: str) -> bool:
    return unicodedata.category(char) in ("Ps", "Pi") or char in "\u00bf\u00a1"  # also ¿ ¡


Measured = tuple[Piece, float, float]  # a piece, its advance, the space after it


def wrap(
    text: str,
    width: float,
    measure: Callable[[Piece], tuple[float, float]],
    thai_clusters: bool = False,
) -> list[str]:
    """Greedy line breaking of ``text`` into lines of at most ``width``.

    ``measure`` gives a piece's advance and the width of the space after it (0 without one).
    A single piece wider than ``width`` is left on its own line; the caller then shrinks.
    """
    lines: list[str] = []
    current: list[Measured] = []
    for piece in tokens(text, thai_clusters):
        advance, space = measure(piece)
        if current and _width(current) + current[-1][2] + advance > width:
            cut = len(current)
            if current[-1][0].weak:
                cut = _space_break(current, width) or cut
            lines.append(join([entry[0] for entry in current[:cut]]))
            current = current[cut:]
        current.append((piece, advance, space))
    if current:
        lines.append(join([entry[0] for entry in current]))
    return lines


def _width(pieces: Sequence[Measured]) -> float:
    """Width of pieces on one line: their advances and the spaces between them."""
    return sum(entry[1] for entry in pieces) + sum(entry[2] for entry in pieces[:-1])


def _space_break(pieces: Sequence[Measured], width: float) -> int | None:
    """How many pieces stay on the line if it ends at its last space, when that is far along."""
    for cut in range(len(pieces) - 1, 0, -1):
        if not pieces[cut - 1][0].weak:
            return cut if _width(pieces[:cut]) >= SPACE_BREAK_FILL * width else None
    return None


def join(pieces: Sequence[Piece]) -> str:
    """The text of consecutive pieces, as on one line."""
    return "".join(piece.text + (" " if piece.space else "") for piece in pieces).rstrip(" ")
