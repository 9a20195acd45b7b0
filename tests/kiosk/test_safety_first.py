"""The first topic and the reporting page say the safe things first, in every language.

A visitor may read only the top of a page, or be interrupted: 911 comes before anything else,
then the tip line's number, that complaining cannot get them punished or deported, and that
their passport is theirs to keep. Checked in the shipped pack, language by language, so a
translation that moves them down is caught.
"""

from __future__ import annotations

import re

import pytest

from kiosk.contact_rules import TIP_LINE_ID, card_phone
from kiosk.packs.load import load_pack

PACK = load_pack()
SAFETY_FIRST_TOPICS = (PACK.topics[0], "report-safely")
TIP_LINE = card_phone(next(c.phone for c in PACK.contacts if c.id == TIP_LINE_ID)).display


def opening(markdown: str) -> list[str]:
    """The page's lines before its first section heading, without the title."""
    lines = [line for line in markdown.splitlines()[1:] if line.strip()]
    end = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    return lines[:end]


@pytest.mark.parametrize("topic", SAFETY_FIRST_TOPICS)
@pytest.mark.parametrize("language", PACK.languages)
def test_911_then_the_tip_line_open_the_page(topic: str, language: str) -> None:
    page = PACK.page(topic, language)
    assert not page.is_fallback
    lines = opening(page.markdown)
    assert lines, f"{topic}/{language}: nothing before the first section"
    assert re.search(r"\b911\b", lines[0]), f"{topic}/{language}: 911 is not the first line"
    assert any(TIP_LINE in line for line in lines[1:]), f"{topic}/{language}: no tip line on top"
    # the two promises and the passport: three points under the numbers, in every language
    assert len([line for line in lines if line.startswith("- ")]) >= 3


@pytest.mark.parametrize("language", PACK.languages)
def test_the_reporting_page_no_longer_ends_with_911(language: str) -> None:
    lines = [line for line in PACK.page("report-safely", language).markdown.splitlines() if line]
    assert "911" not in "\n".join(lines[-3:])


# Words for abuse and ill-treatment in the titles' languages: a topic's title is on screen for
# anyone near the kiosk to read, and a recruiter watching should not learn what a worker chose.
ABUSE_WORDS = {
    "en": ("abus", "exploit"),
    "fr": ("abus", "maltrait"),
    "es": ("abus", "maltrat"),
    "tl": ("abus", "inaabuso"),
    "pa": ("ਦੁਰਵਿਹਾਰ",),
    "zh-Hans": ("虐待",),
    "zh-Hant": ("虐待",),
    "vi": ("ngược đãi", "lạm dụng"),
    "th": ("ทารุณ", "ละเมิด"),
    "ar": ("إساءة", "للإساءة"),
}


@pytest.mark.parametrize("language", PACK.languages)
def test_topic_titles_are_discreet(language: str) -> None:
    for topic in PACK.topics:
        title = PACK.page(topic, language).title.lower()
        named = [word for word in ABUSE_WORDS[language] if word in title]
        assert not named, f"{topic}/{language}: the title {title!r} says {named}"


def test_a_newcomer_finds_their_first_days_right_after_their_rights() -> None:
    assert PACK.topics[:2] == ("rights-at-work", "first-days")


def test_the_tip_lines_hours_are_in_pacific_time() -> None:
    tip_line = next(c for c in PACK.contacts if c.id == TIP_LINE_ID)
    assert "Pacific time" in tip_line.hours and "Eastern" not in tip_line.hours
