"""The pack's contacts (hotlines and organisations), read from ``contacts.toml`` and checked.

Why checked here: a wallet card and its QR codes carry these numbers for months. A number that
does not parse, a missing English name or a duplicated id is refused when the file is read,
with a message naming the file, the contact and the problem, instead of reaching a card.

A name missing in the visitor's language falls back along the pack's chain (e.g. zh-Hant ->
zh-Hans) and then to English, so a card can always be made; :meth:`Contact.name_language` says
which language a name really is in.

Which pack: a card must carry the numbers of the pack the kiosk shows, which is the newest
installed one (kiosk.packs.store) once an update has arrived, not the one shipped with the
application. :func:`contacts_of` takes them from a loaded pack (``PackStore.active().pack``);
:func:`load_contacts` reads a pack folder (authors' previews, tests).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

from kiosk.codes import CONTACT_ID, NAME_RULE, matches
from kiosk.contact_rules import CARD_LANGUAGE, card_names, card_phone
from kiosk.contact_rules import PhoneNumber as PhoneNumber  # the card's rules, for its readers
from kiosk.contact_rules import parse_phone as parse_phone
from kiosk.errors import ContentError
from kiosk.packs.load import FALLBACKS, default_pack_root
from kiosk.packs.model import Contact as PackContact
from kiosk.packs.model import Pack

CONTACTS_FILE = "contacts.toml"
SOURCE_LANGUAGE = CARD_LANGUAGE


@dataclass(frozen=True)
class Contact:
    """One hotline or organisation, with its name and description per language."""

    id: str
    phone: PhoneNumber
    names: Mapping[str, str]
    descriptions: Mapping[str, str] = field(default_factory=dict)
    hours: str = ""
    languages_served: tuple[str, ...] = ()
    website: str | None = None
    source: str = ""
    verified_on: str = ""

    def name_language(self, language: str) -> str:
        """The language the name is shown in for ``language``: itself, a fallback, or English."""
        for candidate in (language, *FALLBACKS.get(language, ()), SOURCE_LANGUAGE):
            if self.names.get(candidate):
                return candidate
        raise ContentError(f"contact {self.id!r} has no English name")

    def name(self, language: str) -> str:
        """The contact's name in ``language``, or in its fallback (English at last)."""
        return self.names[self.name_language(language)]

    def description(self, language: str) -> str:
        for candidate in (language, *FALLBACKS.get(language, ()), SOURCE_LANGUAGE):
            if self.descriptions.get(candidate):
                return self.descriptions[candidate]
        return ""


def load_contacts(root: Traversable | None = None) -> tuple[Contact, ...]:
    """Read and check a pack's ``contacts.toml``; raise ContentError naming the first problem."""
    root = default_pack_root() if root is None else root
    path = root / CONTACTS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{CONTACTS_FILE}: missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{CONTACTS_FILE}: {exc}") from exc
    entries = data.get("contact")
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{CONTACTS_FILE}: no [[contact]] entries")
    contacts: list[Contact] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = f"contact #{number}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            label = f"contact {entry['id']!r}"
        try:
            contact = _contact(entry)
        except (ValueError, TypeError) as exc:
            raise ContentError(f"{CONTACTS_FILE}: {label}: {exc}") from exc
        if contact.id in seen:
            raise ContentError(f"{CONTACTS_FILE}: {label}: id used twice")
        seen.add(contact.id)
        contacts.append(contact)
    return tuple(contacts)


def contacts_of(pack: Pack) -> tuple[Contact, ...]:
    """The card contacts of a loaded pack (such as the active one), numbers parsed for dialling.

    The pack was checked when it was loaded; here each number must also be one a phone in
    British Columbia can dial, and each contact needs an English name (cards are bilingual).
    Raises ContentError naming the pack, the contact and the problem.
    """
    contacts = []
    for contact in pack.contacts:
        try:
            contacts.append(_from_pack(contact))
        except ValueError as exc:
            raise ContentError(
                f"{CONTACTS_FILE} of pack {pack.id} {pack.version}: contact {contact.id!r}: {exc}"
            ) from exc
    if not contacts:
        raise ContentError(f"{CONTACTS_FILE} of pack {pack.id} {pack.version}: no contacts")
    return tuple(contacts)


def _from_pack(contact: PackContact) -> Contact:
    return Contact(
        id=contact.id,
        phone=card_phone(contact.phone),
        names=card_names(contact.names),
        descriptions={
            language: " ".join(text.split()) for language, text in contact.descriptions.items()
        },
        hours=contact.hours,
        languages_served=contact.languages_served,
        website=contact.website,
        source=contact.source,
        verified_on=contact.verified_on.isoformat(),
    )


def contacts_by_id(contacts: tuple[Contact, ...]) -> dict[str, Contact]:
    return {contact.id: contact for contact in contacts}


def _contact(entry: Any) -> Contact:
    if not isinstance(entry, dict):
        raise TypeError("must be a table")
    contact_id = entry.get("id")
    if not isinstance(contact_id, str) or not matches(CONTACT_ID, contact_id):
        raise ValueError(f"'id' must be {NAME_RULE}")
    parsed = card_phone(entry.get("phone"))
    names = card_names(_texts(entry, "name"))
    languages = entry.get("languages_served", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise TypeError("'languages_served' must be a list of strings")
    website = entry.get("website")
    if website is not None and not isinstance(website, str):
        raise TypeError("'website' must be a string")
    return Contact(
        id=contact_id,
        phone=parsed,
        names=names,
        descriptions=_texts(entry, "description"),
        hours=_string(entry, "hours"),
        languages_served=tuple(languages),
        website=website,
        source=_string(entry, "source"),
        verified_on=_string(entry, "verified_on"),
    )


def _texts(entry: Mapping[str, Any], key: str) -> dict[str, str]:
    value = entry.get(key, {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TypeError(f"[contact.{key}] must map language codes to text")
    return {language: " ".join(text.split()) for language, text in value.items() if text.strip()}


def _string(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise TypeError(f"'{key}' must be a string")
    return value
