"""Checks a topic page's Markdown before a visitor can see it.

Why a checker and not just a renderer: a Markdown renderer never fails, it shows broken text
instead (a stray ``**`` making half a page bold, a code fence swallowing the phone numbers below
it). Pages are written by hand in ten languages by different people, so the common slips are
caught when the pack is validated, each with its line. Raw HTML and links to anything but the
web, a phone number or an e-mail address are refused: the kiosk shows pages in a rich-text
view, and a pack must not be able to put anything but text there.
"""

from __future__ import annotations

import re

TITLE = re.compile(r"^# \S")
HEADING_WITHOUT_SPACE = re.compile(r"^#{1,6}[^#\s]")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN = re.compile(r"`[^`]*`")
AUTOLINK = re.compile(r"<(?:https?|tel|mailto):[^<>\s]+>")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
LINK = re.compile(r"\]\(")
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
ALLOWED_SCHEMES = ("https:", "http:", "tel:", "mailto:")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#)")


def title_of(markdown: str) -> str:
    """The page's title: the text of its first line when that is a '# ' heading."""
    first = markdown.lstrip().split("\n", 1)[0]
    return first[2:].strip() if TITLE.match(first) else ""


def check_markdown(text: str) -> list[tuple[int | None, str]]:
    """Problems of a page as (line, message); an empty list means the page is fine."""
    lines = text.split("\n")
    if not text.strip():
        return [(None, "the page is empty")]
    problems: list[tuple[int | None, str]] = []
    first = next(number for number, line in enumerate(lines, 1) if line.strip())
    if not TITLE.match(lines[first - 1]):
        problems.append((first, "a page must start with its title: '# Title'"))

    fence_opened_at: int | None = None
    paragraph: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if FENCE.match(line):
            fence_opened_at = None if fence_opened_at is not None else number
            continue
        if fence_opened_at is not None:
            continue
        if CONTROL.search(line):
            problems.append((number, "control character in the text"))
        if HEADING_WITHOUT_SPACE.match(line):
            problems.append((number, "a heading needs a space after '#'"))
        if number > first and TITLE.match(line):
            problems.append((number, "only the first line may be a '# ' title; use '## '"))
        problems.extend(_inline_problems(number, line))
        if not line.strip() or BLOCK_START.match(line):  # a new paragraph, list item or heading
            problems.extend(_emphasis_problems(paragraph))
            paragraph = []
        if line.strip():
            paragraph.append((number, line))
    problems.extend(_emphasis_problems(paragraph))
    if fence_opened_at is not None:
        problems.append((fence_opened_at, "code block opened with ``` is never closed"))
    return problems


def _inline_problems(number: int, line: str) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    bare = CODE_SPAN.sub("", AUTOLINK.sub("", line))
    if line.count("`") % 2:
        problems.append((number, "code span opened with ` is never closed"))
    tag = HTML_TAG.search(bare)
    if tag:
        problems.append((number, f"raw HTML is not allowed ({tag.group(0)[:20]!r})"))
    openings = len(LINK.findall(bare))
    targets = LINK_TARGET.findall(bare)
    if len(targets) < openings:
        problems.append((number, "link is not closed: write [text](https://...)"))
    for target in targets:
        if not target.startswith(ALLOWED_SCHEMES):
            problems.append(
                (number, f"link {target!r} must start with https:, http:, tel: or mailto:")
            )
    return problems


def _emphasis_problems(paragraph: list[tuple[int, str]]) -> list[tuple[int | None, str]]:
    text = " ".join(CODE_SPAN.sub("", line) for _number, line in paragraph)
    if text.count("**") % 2:
        return [(paragraph[0][0], "bold text opened with ** is never closed")]
    return []
