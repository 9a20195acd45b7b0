"""Reads and checks ``contacts.toml``: organisations and hotlines, each with its source and date.

Why every contact needs ``source``, ``verified_on`` and ``verified_how``: a wrong phone number
sends a worker in trouble nowhere. The source says where the facts come from, the date says how
old the check is, and ``verified_how`` says what the check was, because reading a number on a
page (perhaps a stored copy, perhaps years old) does not prove it rings the service today:

- ``"called"``: someone phoned the number on ``verified_on`` and reached the service.
- ``"official page"``: the number was read on ``verified_on`` on the page named in ``source``,
  whose own date is ``page_date`` (the day it was read when the page shows none). Nobody called.

The admin screen counts days from the last call and lists every number never called, so desk
staff know to call it (``contact_max_age_days``). ``doubt`` (optional) says why a number must
be called before the next print run even though a page lists it; the admin screen shows it.

    [[contact]]
    id = "tfw-tip-line"                # lower-case letters, digits, '-'; unique
    phone = "1-866-602-9448"          # one a phone in BC dials (kiosk.contact_rules)
    hours = "24/7"                     # optional
    languages_served = ["en", "fr"]    # optional
    website = "https://www.canada.ca"  # optional
    source = "https://..."             # where the facts were checked
    verified_on = "2026-11-21"         # when (a TOML date or "YYYY-MM-DD")
    verified_how = "official page"     # or "called" (see above)
    page_date = "2024-05-01"           # "official page" only: the source page's own date
    doubt = "..."                      # optional: why the number must be called first
    [contact.name]                     # per pack language; the default language and English
    en = "..."
    [contact.description]              # per pack language; the default language required
    en = "..."
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from typing import Any

from kiosk.codes import CONTACT_ID, NAME_RULE, matches
from kiosk.contact_rules import card_names, card_phone
from kiosk.packs.files import CONTACTS_TOML
from kiosk.packs.meta import PackMeta, as_date
from kiosk.packs.model import CALLED, OFFICIAL_PAGE, VERIFIED_HOW, Contact
from kiosk.packs.problems import Problem, toml_problem

URL = re.compile(r"^https?://\S+$")
CONTACT_KEYS = (
    "id",
    "phone",
    "hours",
    "languages_served",
    "website",
    "source",
    "verified_on",
    "verified_how",
    "page_date",
    "doubt",
    "name",
    "description",
)


def read_contacts(
    text: str, meta: PackMeta, today: date | None = None
) -> tuple[tuple[Contact, ...], list[Problem]]:
    """Parse contacts.toml's text; every problem names the contact and its line."""
    today = today or date.today()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return (), [toml_problem(CONTACTS_TOML, exc)]
    problems: list[Problem] = []
    for key in data:
        if key != "contact":
            problems.append(Problem(CONTACTS_TOML, f"unknown key '{key}' (only [[contact]])"))
    entries = data.get("contact", [])
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(CONTACTS_TOML, "no [[contact]] entries"))
        return (), problems
    starts = [index + 1 for index, line in enumerate(text.split("\n")) if _opens_contact(line)]
    contacts: list[Contact] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = starts[index] if index < len(starts) else None
        label = entry.get("id") if isinstance(entry, dict) else None
        found = _check_contact(entry, meta, today, f"contact {label or index + 1}")
        problems.extend(Problem(CONTACTS_TOML, message, line) for message in found)
        if isinstance(label, str) and label in seen:
            problems.append(Problem(CONTACTS_TOML, f"contact id {label!r} is used twice", line))
        if isinstance(label, str):
            seen.add(label)
        if not found:
            contacts.append(_contact(entry))
    return tuple(contacts), problems


def _opens_contact(line: str) -> bool:
    return line.strip().replace(" ", "") == "[[contact]]"


def _check_contact(entry: Any, meta: PackMeta, today: date, label: str) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{label}: must be a table"]
    problems = [
        f"{label}: unknown key '{key}' (known: {', '.join(CONTACT_KEYS)})"
        for key in entry
        if key not in CONTACT_KEYS
    ]
    if not matches(CONTACT_ID, entry.get("id")):
        problems.append(f"{label}: id must be {NAME_RULE}")
    problems += _card_problems(entry, label, meta.default_language)
    if not isinstance(entry.get("source"), str) or not URL.match(entry["source"]):
        problems.append(f"{label}: source must be the https:// address the facts come from")
    if "website" in entry and (
        not isinstance(entry["website"], str) or not URL.match(entry["website"])
    ):
        problems.append(f"{label}: website must be an https:// address")
    verified = as_date(entry.get("verified_on"))
    if verified is None:
        problems.append(f"{label}: verified_on must be the date the facts were checked")
    elif verified > today:
        problems.append(f"{label}: verified_on {verified} is in the future")
    problems += _how_problems(entry, label, verified)
    for key in ("hours",):
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{label}: {key} must be text")
    served = entry.get("languages_served", [])
    if not isinstance(served, list) or not all(isinstance(code, str) for code in served):
        problems.append(f"{label}: languages_served must be a list of language codes")
    for table in ("name", "description"):
        texts = entry.get(table)
        if not isinstance(texts, dict) or meta.default_language not in texts:
            problems.append(
                f"{label}: [contact.{table}] needs at least {meta.default_language} "
                "(the default language)"
            )
            continue
        for language, value in texts.items():
            if language not in meta.languages:
                problems.append(f"{label}: {table}.{language} is not one of the pack's languages")
            elif not isinstance(value, str) or not value.strip():
                problems.append(f"{label}: {table}.{language} must be non-empty text")
    return problems


def _how_problems(entry: dict[str, Any], label: str, verified: date | None) -> list[str]:
    """What ``verified_how``, ``page_date`` and ``doubt`` must say, so that no contact claims
    a call nobody made, and every page-only check carries the page's own date."""
    how = entry.get("verified_how")
    choices = " or ".join(f'"{choice}"' for choice in VERIFIED_HOW)
    if how is None:
        return [
            f"{label}: verified_how is missing: {choices} (with page_date, the page's own date)"
        ]
    problems = []
    if how not in VERIFIED_HOW:
        problems.append(f"{label}: verified_how {how!r} is not {choices}")
    page_date = as_date(entry.get("page_date")) if "page_date" in entry else None
    if how == CALLED and "page_date" in entry:
        problems.append(
            f'{label}: page_date is for verified_how = "{OFFICIAL_PAGE}"; '
            "a call is dated by verified_on"
        )
    if how == OFFICIAL_PAGE:
        if "page_date" not in entry:
            problems.append(
                f"{label}: page_date is missing: the date of the page in source "
                "(the day it was read if the page shows none)"
            )
        elif page_date is None:
            problems.append(f"{label}: page_date must be a date (YYYY-MM-DD)")
        elif verified is not None and page_date > verified:
            problems.append(
                f"{label}: page_date {page_date} is after verified_on {verified}, "
                "the day the page was read"
            )
    if "doubt" in entry and (not isinstance(entry["doubt"], str) or not entry["doubt"].strip()):
        problems.append(f"{label}: doubt must be non-empty text")
    return problems


def _card_problems(entry: dict[str, Any], label: str, default_language: str) -> list[str]:
    """What printing this contact on a card would refuse, in the card's own words: the very
    functions the card calls (kiosk.contact_rules), so a pack that validates prints."""
    problems = []
    try:
        card_phone(entry.get("phone"))
    except (TypeError, ValueError) as exc:
        problems.append(f"{label}: {exc}")
    names = entry.get("name")
    # Names the checks below refuse already (none in the default language, an empty one) are
    # reported once, by them.
    if (
        isinstance(names, dict)
        and default_language in names
        and all(isinstance(text, str) and text.strip() for text in names.values())
    ):
        try:
            card_names(names)
        except ValueError as exc:
            problems.append(f"{label}: {exc}")
    return problems


def _contact(entry: dict[str, Any]) -> Contact:
    verified = as_date(entry["verified_on"])
    assert verified is not None  # checked above
    return Contact(
        id=entry["id"],
        phone=entry["phone"],
        source=entry["source"],
        verified_on=verified,
        names=dict(entry["name"]),
        descriptions=dict(entry["description"]),
        hours=entry.get("hours", ""),
        website=entry.get("website"),
        languages_served=tuple(entry.get("languages_served", [])),
        verified_how=entry["verified_how"],
        page_date=as_date(entry.get("page_date")),
        doubt=entry.get("doubt", "").strip(),
    )
