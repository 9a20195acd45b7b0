"""A translation says no less than English: the same sections, with the same number of points.

A reader who checks a translation sentence by sentence can still miss a point that was never
translated; a missing bullet under "Overtime" is a rule a worker never learns. Compared in the
shipped pack for every topic and language.
"""

from __future__ import annotations

import re

import pytest

from kiosk.packs.load import load_pack

PACK = load_pack()
POINT = re.compile(r"^(- |\d+\. )")


def shape(markdown: str) -> list[int]:
    """Points (bullets and numbered steps) per section; the part before the first heading too."""
    counts = [0]
    for line in markdown.splitlines():
        if line.startswith("## "):
            counts.append(0)
        elif POINT.match(line):
            counts[-1] += 1
    return counts


@pytest.mark.parametrize("language", [code for code in PACK.languages if code != "en"])
def test_each_page_has_the_sections_and_points_english_has(language: str) -> None:
    different = {
        topic: (shape(PACK.page(topic, "en").markdown), shape(page.markdown))
        for topic in PACK.topics
        if (page := PACK.page(topic, language)).language == language
        and shape(page.markdown) != shape(PACK.page(topic, "en").markdown)
    }
    assert not different, f"{language} (English, {language}): {different}"


def test_shape_counts_points_under_each_heading() -> None:
    page = (
        "# T\n\nIntro\n\n- a\n- b\n\n## One\n\n1. x\n2. y\n3. z\n\n## Two\n\nText - not a point\n"
    )
    assert shape(page) == [2, 3, 0]
