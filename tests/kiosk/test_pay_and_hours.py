"""The pay-and-hours topic tells every visitor the rules that decide their pay, with the figures.

What a worker most often loses money on: overtime, statutory holidays, the minimum wage and its
yearly change, piece rates, and the farm-worker exceptions to the first two. Each translation
must carry the same figures as English (a decimal comma counts as the same figure), and the page
must name where the rules come from.
"""

from __future__ import annotations

import re

import pytest

from kiosk.contact_rules import card_phone
from kiosk.packs.load import load_pack

PACK = load_pack()
TOPIC = "pay-and-hours"
EMPLOYMENT_STANDARDS = card_phone(
    next(c.phone for c in PACK.contacts if c.id == "bc-employment-standards")
).display

# The figures of BC's rules as the English page states them, as patterns any script can carry.
FIGURES = {
    "minimum wage": r"18[.,]25",
    "the year the wage took effect": r"\b2026\b",
    "time and a half": r"\b1[.,]5\b",
    "hours in a day before overtime": r"\b8\b",
    "hours in a day before double time": r"\b12\b",
    "hours in a week before overtime": r"\b40\b",
    "statutory holidays": r"\b11\b",
    "days employed before a holiday": r"\b30\b",
    "days worked of those 30": r"\b15\b",
    "vacation pay in piece rates": r"\b4\s?%|%\s?4\b",
}


def test_the_topic_comes_right_after_the_safety_pages() -> None:
    assert PACK.topics.index(TOPIC) == PACK.topics.index("report-safely") + 1


@pytest.mark.parametrize("language", PACK.languages)
def test_every_language_states_the_rules_with_their_figures(language: str) -> None:
    page = PACK.page(TOPIC, language)
    assert page.language == language, f"{language}: shows {page.language} instead"
    missing = [name for name, figure in FIGURES.items() if not re.search(figure, page.markdown)]
    assert not missing, f"{language}: no {missing}"
    assert EMPLOYMENT_STANDARDS in page.markdown


def test_the_english_page_names_the_farm_worker_exceptions_and_its_sources() -> None:
    page = PACK.page(TOPIC, "en").markdown
    sections = dict((part.split("\n", 1)[0], part) for part in page.split("\n## ")[1:])
    # the exceptions take away the higher rates, never the pay for the hours worked
    overtime, holidays = sections["Overtime"], sections["Statutory holidays"]
    assert "Farm workers do not get these higher overtime rates" in overtime
    assert "extra hours are paid like their other hours" in overtime
    assert "harms your health or safety" in overtime
    assert "Farm workers do not get this holiday pay" in holidays
    assert "it is paid like any other day" in holidays
    assert "2 times your wage for the hours after 12" in overtime
    # a hand harvester on piece rate is owed the crop's minimum piece rate, not an hourly wage
    assert "the minimum piece rate applies instead" in sections["Minimum wage"]
    assert "put up a notice" in sections["Paid for what you pick (piece rate)"]
    source = page.strip().splitlines()[-1]
    assert source.startswith("Source:") and "gov.bc.ca" in source and "bclaws" in source


# Words a worker does not know, or two words for one thing, and what the pages say instead.
JARGON_IN_ANY_LANGUAGE = {
    "Teleclaim": "report an injury to WorkSafeBC by phone",
    "Prevention Information Line": "WorkSafeBC's line for unsafe work",
}
JARGON_IN_ENGLISH = {
    "stream": "the program a worker came with, in plain words",
    "pay statement": "pay stub, the word every page uses",
    "employment agreement": "employment contract, the word every page uses",
}


@pytest.mark.parametrize("language", PACK.languages)
def test_pages_and_contacts_use_no_insider_names(language: str) -> None:
    texts = {topic: PACK.page(topic, language).markdown for topic in PACK.topics}
    texts |= {contact.id: contact.names.get(language, "") for contact in PACK.contacts}
    avoided = JARGON_IN_ANY_LANGUAGE | (JARGON_IN_ENGLISH if language == "en" else {})
    found = [(where, word) for where, text in texts.items() for word in avoided if word in text]
    assert not found, f"{language}: {found}"


def test_every_english_liaison_officer_is_explained_on_its_page() -> None:
    for topic in PACK.topics:
        page = PACK.page(topic, "en").markdown
        if "liaison officer" in page:
            first = page[page.index("liaison officer") :][:80]
            assert "(an official of" in first, f"{topic}: {first!r}"
