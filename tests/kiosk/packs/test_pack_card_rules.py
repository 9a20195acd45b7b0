"""``pack validate`` refuses exactly the contacts a wallet card would refuse, in the card's words.

Before, the validator checked phones by a pattern of its own: ``604-123-4567`` (no exchange
starts with 1) passed validation, the pack was published, and the card refused it in front of
a visitor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cards.contacts import load_contacts
from kiosk.errors import ContentError
from kiosk.packs.authoring import write_manifest
from kiosk.packs.validate import inspect_pack

SHIPPED = 'phone = "911"'  # the emergency contact's number in the shipped pack


def with_phone(pack: Path, phone: str) -> Path:
    contacts = pack / "contacts.toml"
    text = contacts.read_text("utf-8")
    assert SHIPPED in text
    contacts.write_text(text.replace(SHIPPED, f'phone = "{phone}"', 1), "utf-8")
    write_manifest(pack)
    return pack


def validation_problems(pack: Path) -> list[str]:
    return [problem.message for problem in inspect_pack(pack, require_manifest=True).problems]


def card_refusal(pack: Path) -> str | None:
    """What the card's reader of contacts.toml says about the emergency contact, if anything."""
    try:
        load_contacts(pack)
    except ContentError as exc:
        prefix = "contacts.toml: contact 'emergency': "
        assert str(exc).startswith(prefix), exc
        return str(exc).removeprefix(prefix)
    return None


@pytest.mark.parametrize(
    "phone",
    [
        "604-123-4567",  # an exchange starting with 1: passed the validator's old pattern
        "12345",  # too short for a number, too long for a service code: passed it too
        "+44 20 7946 0958",  # not North American: passed it too
        "555",  # three digits, not a service code
    ],
)
def test_a_number_the_card_refuses_fails_validation_in_the_same_words(
    pack_dir: Path, phone: str
) -> None:
    pack = with_phone(pack_dir, phone)
    refusal = card_refusal(pack)
    assert refusal is not None and refusal.startswith(f"phone {phone!r} is not")
    assert validation_problems(pack) == [f"contact emergency: {refusal}"]


@pytest.mark.parametrize("phone", ["604.555.1234", "+1 (604) 555-1234", "811"])
def test_a_number_the_card_prints_passes_validation(pack_dir: Path, phone: str) -> None:
    pack = with_phone(pack_dir, phone)
    assert card_refusal(pack) is None
    assert validation_problems(pack) == []
