"""A topic page's Markdown as text for a voice to read aloud.

Why not read the Markdown as it is: a synthesizer says what it is given, so marks meant for the
eye (``##``, ``**``, list bullets, link targets) would be spoken or would run sentences
together. Headings and list items become sentences of their own, a link is read by its text,
and phone numbers are read digit by digit in groups, as a person dictates them ("one, eight
eight eight, ...") and as a visitor dials them, instead of as one large number.
"""

from __future__ import annotations

import re

from kiosk.packs.markdown import FENCE

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
AUTOLINK = re.compile(r"<(?:https?://|mailto:|tel:)(?P<target>[^<>\s]+)>")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
# A North American phone number (1-888-967-5377, 604-683-7151, (604) 683-7151) or a
# three-digit service number (211, 811, 911), not inside a longer run of digits.
PHONE = re.compile(
    r"(?<![\d-])(?:1[- ])?(?:\(\d{3}\)\s?|\d{3}[- ])\d{3}[- ]\d{4}(?![\d-])"
    r"|(?<![\d.,:-])[2-9]11(?![\d-]|[.,:]\d)"  # "Call 911." is one; "911.5" is not
)
# A page's closing citation: a short label and a colon ("Source:", "المصدر:", or a full-width
# colon in Chinese), then the organisations with their web addresses. Read for the eye; a
# listener gains nothing from it.
SOURCE_LINE = re.compile(
    r"^[^:\uff1a\n]{1,30}[:\uff1a].*\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:ca|com|org|net)\b",
    re.DOTALL,
)
# Marks that already end a sentence: Latin, CJK full stop and full-width marks, Devanagari/
# Gurmukhi danda, Arabic question mark.
SENTENCE_END = ".!?:;\u3002\uff01\uff1f\u0964\u061f"


def spoken_text(markdown: str) -> str:
    """The page as plain sentences, one paragraph per block, for a text-to-speech voice.

    The closing "Source: ..." paragraph is left out: web addresses read aloud are noise to a
    listener, and leaving them out keeps a tenth of the narration out of the bundle."""
    blocks: list[str] = []
    paragraph: list[str] = []
    last_paragraph = ""  # the text of the last block, when that block was a paragraph
    in_fence = False

    def end_paragraph() -> None:
        nonlocal last_paragraph
        if paragraph:
            last_paragraph = " ".join(paragraph)
            blocks.append(_sentence(last_paragraph))
            paragraph.clear()

    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            end_paragraph()
            continue
        if in_fence or RULE.match(line):
            continue
        heading = HEADING.match(line)
        item = None if heading else LIST_ITEM.match(line)
        if heading or item:
            end_paragraph()
            last_paragraph = ""
            text = (heading or item)["text"]  # type: ignore[index]
            if text.strip():
                blocks.append(_sentence(text))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            end_paragraph()
    end_paragraph()
    if last_paragraph and SOURCE_LINE.match(last_paragraph):
        blocks.pop()  # the citation of the page's sources, as the last paragraph
    return "\n\n".join(block for block in blocks if block)


def _sentence(text: str) -> str:
    """Inline marks removed, phone numbers spelled out, and an end so the voice pauses."""
    text = LINK.sub(lambda match: match["text"], text)
    text = AUTOLINK.sub(lambda match: match["target"], text)
    text = EMPHASIS.sub("", text)
    text = PHONE.sub(lambda match: digit_by_digit(match.group(0)), text)
    text = " ".join(text.split())
    if text and text[-1] not in SENTENCE_END:
        text += "."
    return text


def digit_by_digit(number: str) -> str:
    """``1-888-967-5377`` -> ``1, 8 8 8, 9 6 7, 5 3 7 7``: each digit said alone, a short pause
    between the groups."""
    groups = [group for group in re.split(r"\D+", number) if group]
    return ", ".join(" ".join(group) for group in groups)
