"""What a visitor whose language the pack lacks is told: one sentence in their language.

"My language is not here" used to count the request and thank the visitor in the kiosk's
language, which they had just said they cannot read. Now they get, in their own language, the
three things that matter most on arrival: 911 when in danger, the free tip line for problems
at work (its agents arrange an interpreter for the caller's language), and the desk staff.

The sentences live in ``resources/unlisted-languages.toml``, beside the source text they
translate, so a translator edits a text file, not code. The numbers are never part of them:
the screen shows the pack's contacts (kiosk.contact_rules names which), so a number is checked
and changed in one place. A sentence is a draft until its language is listed as reviewed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kiosk.contact_rules import CARD_LANGUAGE, EMERGENCY_ID, TIP_LINE_ID, PhoneNumber, card_phone
from kiosk.i18n import REQUESTABLE_LANGUAGES, SOURCE_LANGUAGE
from kiosk.packs.model import Pack

HELP_CARD_TITLE = "Help lines in B.C."
FILE_NAME = "unlisted-languages.toml"


@dataclass(frozen=True)
class HelpSentence:
    """The sentence for a requested language, and the language it is actually written in."""

    requested: str
    language: str
    text: str
    draft: bool

    @property
    def in_another_language(self) -> bool:
        return self.language != self.requested


@cache
def _table() -> dict[str, Any]:
    with (resources.files("kiosk.resources") / FILE_NAME).open("rb") as file:
        return tomllib.load(file)


def help_sentence(requested: str) -> HelpSentence:
    """The sentence for ``requested``: its own, the one its speakers read, or the source."""
    table = _table()
    language = table["shown_in"].get(requested, requested)
    text = table["sentences"].get(language)
    if text is None:
        return HelpSentence(requested, SOURCE_LANGUAGE, table["source"], draft=False)
    return HelpSentence(requested, language, text, draft=language not in table["reviewed"])


def missing_sentences() -> list[str]:
    """Requestable languages that would get only the source sentence (a test keeps it empty)."""
    return [
        language
        for language in REQUESTABLE_LANGUAGES
        if help_sentence(language).language == SOURCE_LANGUAGE
    ]


@dataclass(frozen=True)
class HelpNumber:
    """A number the help shows: which contact, its English name (the vCard label), the phone."""

    contact_id: str
    name_english: str
    phone: PhoneNumber


def help_numbers(pack: Pack) -> tuple[HelpNumber, ...]:
    """The emergency number and the tip line, as the pack has them (either may be missing)."""
    from kiosk.cards.qr import without_brackets  # segno: loaded when a visitor asks, not at start

    by_id = {contact.id: contact for contact in pack.contacts}
    numbers = []
    for contact_id in (EMERGENCY_ID, TIP_LINE_ID):
        contact = by_id.get(contact_id)
        if contact is None:
            continue
        name = contact.names.get(CARD_LANGUAGE) or contact.id
        numbers.append(HelpNumber(contact_id, without_brackets(name), card_phone(contact.phone)))
    return tuple(numbers)


def help_vcard(numbers: tuple[HelpNumber, ...]) -> str:
    """The vCard a phone saves from the help's QR code: both numbers, named in English (the
    visitor's language has no catalog, and the names are what the phone lists)."""
    from kiosk.cards.qr import vcard

    return vcard(HELP_CARD_TITLE, [(number.name_english, number.phone) for number in numbers])
