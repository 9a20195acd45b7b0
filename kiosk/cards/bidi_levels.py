"""Bidi levels and visual order for card lines, right-to-left languages and isolates included.

Why here and not in python-bidi: its classic algorithm knows no isolates (LRI, RLI, FSI ... PDI),
which :mod:`kiosk.bidi_text` puts around numbers and Latin runs in right-to-left text so that
"1-866-602-9448" reads as dialled. UAX #9 treats an isolate as one neutral character in the text
around it and resolves its content on its own; :func:`levels` does that, leaving python-bidi the
text without isolates. :func:`visual_order` then orders a line's runs (rule L2).
"""

from __future__ import annotations

import unicodedata
from typing import Any, TypeVar

from bidi import algorithm as bidi_algorithm  # type: ignore[import-untyped]

from kiosk import bidi_text
from kiosk.errors import CardError

_ISOLATE = "\ufffc"  # a neutral character (ON) that stands for a whole isolate around it
RunT = TypeVar("RunT", bound=tuple[Any, int, str])


def levels(text: str, rtl: bool) -> list[int]:
    """Resolved bidi embedding level of each character (rules X1 to I2 of UAX #9), isolates
    (LRI, RLI, FSI ... PDI) included: the text around an isolate sees it as one neutral
    character, its content is resolved on its own, one or two levels up (rules X5a to X6a)."""
    base = 1 if rtl else 0
    outer: list[str] = []
    at: list[int] = []  # index in text of each character of outer
    isolates: list[tuple[int, int, int]] = []  # (index in outer, initiator, closing PDI or end)
    index = 0
    while index < len(text):
        char = text[index]
        if char in bidi_text.ISOLATE_INITIATORS:
            close = _closing(text, index)
            isolates.append((len(outer), index, close))
            outer.append(_ISOLATE)
            at.append(index)
            index = close + 1
            continue
        outer.append(_ISOLATE if char == bidi_text.PDI else char)  # a PDI closing nothing
        at.append(index)
        index += 1
    resolved = [base] * len(text)
    outer_levels = _plain_levels("".join(outer), rtl) if outer else []
    for position, level in zip(at, outer_levels, strict=True):
        resolved[position] = level
    for slot, start, close in isolates:
        level = outer_levels[slot]
        resolved[start : close + 1] = [level] * len(resolved[start : close + 1])
        content = text[start + 1 : close]
        if not content:
            continue
        if text[start] == bidi_text.FSI:
            inner_rtl = _first_strong_is_rtl(content)
        else:
            inner_rtl = text[start] == bidi_text.RLI
        # the least level above the text around it with the isolate's direction
        inner_level = base + 1 if (base % 2 == 1) != inner_rtl else base + 2
        shift = inner_level - (1 if inner_rtl else 0)
        resolved[start + 1 : close] = [shift + level for level in levels(content, inner_rtl)]
    return resolved


def _closing(text: str, start: int) -> int:
    """Index of the PDI that closes the isolate opened at ``start``, or the text's length."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] in bidi_text.ISOLATE_INITIATORS:
            depth += 1
        elif text[index] == bidi_text.PDI:
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _first_strong_is_rtl(text: str) -> bool:
    """Rules P2 and P3: the first strong letter outside nested isolates is right to left."""
    depth = 0
    for char in text:
        if char in bidi_text.ISOLATE_INITIATORS:
            depth += 1
        elif char == bidi_text.PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind in ("L", "R", "AL"):
                return kind != "L"
    return False


def _plain_levels(text: str, rtl: bool) -> list[int]:
    """python-bidi's classic algorithm on text without isolates."""
    storage: dict[str, Any] = bidi_algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    levels = [int(char["level"]) for char in storage["chars"]]
    if len(levels) != len(text):  # pragma: no cover - only explicit controls are dropped
        raise CardError(f"bidi step lost characters of {text!r}")
    return levels


def visual_order(runs: list[RunT]) -> list[RunT]:
    """Rule L2 of UAX #9 on whole runs: reverse every sequence at each level and above."""
    ordered = list(runs)
    run_levels = [level for _face, level, _text in ordered]
    if not run_levels or max(run_levels) == 0:
        return ordered
    odd = [level for level in run_levels if level % 2]
    lowest_odd = min(odd) if odd else 1
    for level in range(max(run_levels), lowest_odd - 1, -1):
        index = 0
        while index < len(ordered):
            if ordered[index][1] >= level:
                end = index
                while end < len(ordered) and ordered[end][1] >= level:
                    end += 1
                ordered[index:end] = reversed(ordered[index:end])
                index = end
            else:
                index += 1
    return ordered
