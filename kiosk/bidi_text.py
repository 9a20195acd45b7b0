"""Numbers and Latin words that keep their own reading order inside right-to-left text.

Why: in an Arabic sentence the Unicode bidi algorithm (UAX #9) takes a number that follows
Arabic letters for an Arabic number (rule W2), and the hyphens between its groups take the
sentence's direction, so "1-866-602-9448" is shown as "9448-602-866-1": a visitor who dials it
by hand calls a wrong number. The same happens to times, ranges and dates, on screens, on the
QR screen, on cards and in the funder report.

The cure is made here, once: in right-to-left text every run of digits and Latin letters (with
the spaces, hyphens, colons, slashes and brackets inside it) is wrapped in a left-to-right
isolate, LRI ... PDI. Inside, the run reads left to right as it was written; outside, it is a
single neutral character, so the sentence around it keeps its own order. Qt lays isolates out
itself; the cards' and the funder report's own layout (kiosk.cards.text) resolves them too.

Wherever a number or a text holding one becomes display text in a right-to-left language, it
goes through :func:`isolate_ltr_runs` (or :func:`for_language`, :func:`phone_for_display`).
Pure Python: no Qt, no I/O.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kiosk import i18n

if TYPE_CHECKING:  # a plain str does too; this module stays a leaf the card layout can import
    from kiosk.cards.contacts import PhoneNumber

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ISOLATE_INITIATORS = frozenset((LRI, RLI, FSI))
# Every invisible character that only steers the bidi algorithm: once the levels are resolved
# a layout drops them (kiosk.cards.text).
BIDI_CONTROLS = frozenset((LRI, RLI, FSI, PDI, LRM, RLM, ALM))

# What a run is made of: letters written left to right and digits of any script.
_ANCHORS = frozenset(("L", "EN", "AN"))
# What ends a run: right-to-left letters, paragraph and segment breaks, explicit embeddings,
# and the Arabic comma, which separates the items of a right-to-left list (each its own run).
_BREAKS = frozenset(("R", "AL", "B", "S", "LRE", "RLE", "LRO", "RLO", "PDF"))
_BREAK_CHARACTERS = frozenset(("\u2028", "\u060c", PDI))  # line separator, Arabic comma
# Marks and invisible characters belong to the letter before them; signs to the number next
# to them ("+1", "$20", "20%").
_ATTACHED = frozenset(("NSM", "BN"))
_SIGNS = frozenset(("ES", "ET"))
_COMPARISONS = frozenset("<>=~\u2248\u2264\u2265")  # "<5": a hidden count, one token
# What ties digits to a right-to-left mark next to them: digits, separators, signs, symbols.
_GLUE = frozenset(("EN", "AN", "CS", "ES", "ET", "ON", "NSM", "BN"))
_BRACKETS = dict(
    zip(
        "()[]{}\u2045\u2329\u27e8\u3008\uff08\uff3b\uff5b",
        ")([]}{\u2046\u232a\u27e9\u3009\uff09\uff3d\uff5d",
        strict=True,
    )
)
_OPENING = frozenset("([{\u2045\u2329\u27e8\u3008\uff08\uff3b\uff5b")


def ltr(text: str) -> str:
    """A whole value that reads left to right (a path, an id, a version, a number) isolated,
    so that it stays in order wherever it is put, in text of either direction."""
    return f"{LRI}{text}{PDI}"


def isolated(text: str) -> str:
    """A piece whose direction is its own, taken from its first letter (a language's name)."""
    return f"{FSI}{text}{PDI}"


def isolate_ltr_runs(text: str, rtl: bool) -> str:
    """``text`` with every run of digits and Latin letters isolated left to right, if ``rtl``.

    Left-to-right text is returned as it is. Runs already inside an isolate are left alone, so
    the function can be applied twice.
    """
    if not rtl or not text:
        return text
    pieces = []
    last = 0
    for start, end in ltr_spans(text):
        pieces += [text[last:start], LRI, text[start:end], PDI]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def for_language(text: str, language: str | None = None) -> str:
    """``text`` ready to be shown in ``language`` (the active language if None)."""
    return isolate_ltr_runs(text, i18n.is_right_to_left(language or i18n.active_language()))


def phone_for_display(number: PhoneNumber | str, language: str | None = None) -> str:
    """A phone number as shown in ``language`` (the active language if None): in a
    right-to-left language isolated, so its groups read in the order they are dialled."""
    text = number if isinstance(number, str) else number.display
    return for_language(text, language)


def whole_isolates(lines: list[str]) -> list[str]:
    """The lines one text was broken into, each isolate cut by a break closed at the end of its
    line and opened again at the start of the next, so every line lays out on its own."""
    result = []
    carried = ""  # initiators still open at the end of the line before
    for line in lines:
        text = carried + line
        open_ones: list[str] = []
        for char in text:
            if char in ISOLATE_INITIATORS:
                open_ones.append(char)
            elif char == PDI and open_ones:
                open_ones.pop()
        result.append(text + PDI * len(open_ones))
        carried = "".join(open_ones)
    return result


def ltr_spans(text: str) -> list[tuple[int, int]]:
    """Where :func:`isolate_ltr_runs` puts its isolates: (start, end) of each run, in order.

    A run goes from a digit or Latin letter to the last one before a right-to-left letter, a
    line break or an isolate already there; a bracket whose partner lies outside the run is
    left out of it, so brackets always pair on the same side.
    """
    partners = _bracket_partners(text)
    spans: list[tuple[int, int]] = []
    for start, end in _segments(text):
        spans += _runs(text, start, end, partners)
    return spans


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of text without a break, an explicit control or an existing isolate."""
    marked = _marked(text)
    start = index = 0
    while index < len(text):
        char = text[index]
        if char in ISOLATE_INITIATORS:
            yield start, index
            index = _isolate_end(text, index)
            start = index
            continue
        if marked[index] or char in _BREAK_CHARACTERS or unicodedata.bidirectional(char) in _BREAKS:
            yield start, index
            start = index + 1
        index += 1
    yield start, len(text)


def _marked(text: str) -> list[bool]:
    """Which characters a right-to-left mark (RLM, ALM) already orders: the marks and the
    digits and punctuation glued to them up to the next space or letter. Their writer chose
    their order (CLDR writes an Arabic date "01<RLM>/07<RLM>/2026"): a run never takes them in.
    """
    marked = [char in (RLM, ALM) for char in text]
    for step in (1, -1):
        order = range(len(text)) if step == 1 else range(len(text) - 1, -1, -1)
        reach = False
        for index in order:
            if text[index] in (RLM, ALM):
                reach = True
            elif reach and unicodedata.bidirectional(text[index]) in _GLUE:
                marked[index] = True
            else:
                reach = False
    return marked


def _isolate_end(text: str, index: int) -> int:
    """Index after the PDI that closes the isolate opened at ``index`` (end of text if none)."""
    depth = 0
    for position in range(index, len(text)):
        char = text[position]
        if char in ISOLATE_INITIATORS:
            depth += 1
        elif char == PDI:
            depth -= 1
            if depth == 0:
                return position + 1
        elif char == "\n" or unicodedata.bidirectional(char) == "B":
            return position  # a paragraph ends every isolate
    return len(text)


def _bracket_partners(text: str) -> dict[int, int]:
    """Index of each bracket to the index of its partner (UAX #9 BD16, simplified)."""
    partners: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _OPENING:
            stack.append((_BRACKETS[char], index))
        elif char in _BRACKETS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    partners[index] = stack[depth][1]
                    partners[stack[depth][1]] = index
                    del stack[depth:]
                    break
    return partners


def _runs(text: str, low: int, high: int, partners: dict[int, int]) -> list[tuple[int, int]]:
    """The runs between ``low`` and ``high``, none holding half of a pair of brackets."""
    anchors = [i for i in range(low, high) if unicodedata.bidirectional(text[i]) in _ANCHORS]
    if not anchors:
        return []
    start, end = _grown(text, anchors[0], anchors[-1] + 1, low, high, partners)
    for index in range(start, end):
        partner = partners.get(index)
        if partner is not None and not start <= partner < end:
            return _runs(text, low, index, partners) + _runs(text, index + 1, high, partners)
    return [(start, end)]


def _grown(
    text: str, start: int, end: int, low: int, high: int, partners: dict[int, int]
) -> tuple[int, int]:
    """The run widened over what belongs to it: trailing marks, signs next to its digits ("+1",
    "20%", "<5"), and brackets whose partner it holds."""
    while True:
        before, after = start, end
        while end < high:
            kind = unicodedata.bidirectional(text[end])
            digit_before = unicodedata.bidirectional(text[end - 1]) in ("EN", "AN", "ET")
            if (
                kind in _ATTACHED
                or (kind == "ET" and digit_before)
                or start <= partners.get(end, -1) < end
            ):
                end += 1
            else:
                break
        while start > low:
            kind = unicodedata.bidirectional(text[start - 1])
            digit_after = unicodedata.bidirectional(text[start]) in ("EN", "AN")
            sign = kind in _SIGNS or text[start - 1] in _COMPARISONS
            if (sign and digit_after) or start <= partners.get(start - 1, -1) < end:
                start -= 1
            else:
                break
        if (start, end) == (before, after):
            return start, end
