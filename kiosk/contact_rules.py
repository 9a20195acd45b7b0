"""What a contact needs before it may be printed on a wallet card: a number a phone in British
Columbia can dial, and a name in English.

Why one module for both readers: the pack validator (``pack validate``, kiosk.packs.contacts)
and the card (kiosk.cards.contacts) once checked phones and names by rules of their own, so a
pack could pass validation and then fail when a card was printed in front of a visitor. Both
now call :func:`card_phone` and :func:`card_names`, and refuse with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

CARD_LANGUAGE = "en"
"""Cards are bilingual: every contact carries its English name beside the visitor's language."""

# Contacts the kiosk names on purpose: the card's first rows and its call code, and the help
# for a visitor whose language the pack lacks.
EMERGENCY_ID = "emergency"
TIP_LINE_ID = "tfw-tip-line"

# North American numbering plan: area code and exchange start with 2-9.
_NANP = re.compile(r"^([2-9]\d{2})([2-9]\d{2})(\d{4})$")
# Three-digit numbers a phone in Canada dials as they are: 211 ... 911, and 988 (crisis line).
SERVICE_CODES = frozenset({"211", "311", "411", "511", "611", "711", "811", "911", "988"})
TOLL_FREE_AREA_CODES = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")


@dataclass(frozen=True)
class PhoneNumber:
    """A number as printed (``display``) and as dialled by a phone (``dial``, for ``tel:``)."""

    display: str
    dial: str

    @property
    def uri(self) -> str:
        """The ``tel:`` URI (RFC 3966) a phone camera offers to call."""
        return f"tel:{self.dial}"


def parse_phone(text: str) -> PhoneNumber:
    """Parse a number a phone in British Columbia can dial; raise ValueError if it is not one.

    Accepts the three-digit service codes (911, 811, ...) and ten-digit North American numbers,
    with or without the leading 1 or +1, spaces, dots, dashes and brackets.
    """
    stripped = text.strip()
    if not stripped or not _PHONE_CHARACTERS.fullmatch(stripped):
        raise ValueError(f"{text!r} is not a phone number (only digits, spaces, + - . ( ))")
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+") and not digits.startswith("1"):
        raise ValueError(f"{text!r} is not a North American number (+1)")
    if len(digits) == 3 and not stripped.startswith("+"):
        if digits not in SERVICE_CODES:
            raise ValueError(f"{text!r} is not a three-digit service number like 911 or 811")
        return PhoneNumber(digits, digits)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    match = _NANP.match(digits) if len(digits) == 10 else None
    if match is None:
        raise ValueError(
            f"{text!r} is not a ten-digit North American number (area code, exchange, line)"
        )
    area, exchange, line = match.groups()
    display = f"{area}-{exchange}-{line}"
    if area in TOLL_FREE_AREA_CODES or stripped.startswith(("1", "+1")):
        display = "1-" + display
    return PhoneNumber(display, f"+1{digits}")


def card_phone(phone: object) -> PhoneNumber:
    """A contact's ``phone`` as a card prints and dials it; ValueError (or TypeError) saying why
    it cannot be, in the words both the validator and the card use."""
    if not isinstance(phone, str):
        raise TypeError("'phone' must be a string")
    try:
        return parse_phone(phone)
    except ValueError as exc:
        raise ValueError(f"phone {exc}") from exc


def card_names(names: Mapping[str, str]) -> dict[str, str]:
    """A contact's names as a card shows them (spaces collapsed, empty ones dropped); ValueError
    when the English name a card needs is missing."""
    collapsed = {language: " ".join(text.split()) for language, text in names.items()}
    if not collapsed.get(CARD_LANGUAGE):
        raise ValueError(f"needs a name in English ([contact.name] {CARD_LANGUAGE} = ...)")
    return {language: text for language, text in collapsed.items() if text}
