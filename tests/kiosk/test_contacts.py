"""Contacts are read from the pack, checked, and named in the visitor's language or English."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cards.contacts import contacts_by_id, load_contacts, parse_phone
from kiosk.errors import ContentError

FIXTURE = Path(__file__).with_name("cards_data")

ENTRY = """
[[contact]]
id = "{id}"
phone = "{phone}"
[contact.name]
{names}
"""


def write_contacts(folder: Path, *entries: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contacts.toml").write_text("\n".join(entries), encoding="utf-8")
    return folder


def entry(contact_id: str = "x-line", phone: str = "911", names: str = 'en = "X line"') -> str:
    return ENTRY.format(id=contact_id, phone=phone, names=names)


def test_the_shipped_pack_loads_with_the_cards_contacts() -> None:
    contacts = contacts_by_id(load_contacts())
    for needed in ("emergency", "tfw-tip-line", "worksafebc-prevention"):
        assert needed in contacts
        assert contacts[needed].name("en")
    assert contacts["emergency"].phone.uri == "tel:911"
    assert contacts["tfw-tip-line"].phone.uri == "tel:+18666029448"
    assert contacts["tfw-tip-line"].phone.display == "1-866-602-9448"


def test_names_fall_back_to_english_and_say_so() -> None:
    contacts = contacts_by_id(load_contacts(FIXTURE))
    claims = contacts["worksafebc-claims"]  # en and es only
    assert claims.name("es") == "WorkSafeBC Teleclaim (reportar una lesión de trabajo)"
    assert claims.name("pa") == "WorkSafeBC Teleclaim (report a work injury)"
    assert claims.name_language("pa") == "en"
    assert claims.name_language("es") == "es"
    emergency = contacts["emergency"]
    assert emergency.name("pa") == "ਐਮਰਜੈਂਸੀ (ਪੁਲਿਸ, ਫਾਇਰ, ਐਂਬੂਲੈਂਸ)"


def test_traditional_chinese_falls_back_to_simplified_before_english(tmp_path: Path) -> None:
    folder = write_contacts(tmp_path, entry(names='en = "Emergency"\nzh-Hans = "紧急情况"'))
    (contact,) = load_contacts(folder)
    assert (contact.name("zh-Hant"), contact.name_language("zh-Hant")) == ("紧急情况", "zh-Hans")


@pytest.mark.parametrize(
    ("text", "display", "dial"),
    [
        ("911", "911", "911"),
        ("811", "811", "811"),
        ("988", "988", "988"),
        ("1-866-602-9448", "1-866-602-9448", "+18666029448"),
        ("+1 (866) 602-9448", "1-866-602-9448", "+18666029448"),
        ("866.602.9448", "1-866-602-9448", "+18666029448"),  # toll-free: the 1 is always shown
        ("604-231-8333", "604-231-8333", "+16042318333"),
        ("1 604 231 8333", "1-604-231-8333", "+16042318333"),
    ],
)
def test_phone_numbers_that_parse(text: str, display: str, dial: str) -> None:
    number = parse_phone(text)
    assert (number.display, number.dial, number.uri) == (display, dial, f"tel:{dial}")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "not a phone number"),
        ("call us", "not a phone number"),
        ("12-34", "ten-digit"),
        ("123", "three-digit service number"),
        ("604-231-833", "ten-digit"),
        ("104-231-8333", "ten-digit"),  # an area code never starts with 1
        ("604-131-8333", "ten-digit"),  # nor an exchange
        ("+44 20 7946 0958", "North American"),
        ("1-866-602-9448 ext 2", "not a phone number"),
    ],
)
def test_phone_numbers_that_do_not_parse(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_phone(text)


def test_a_bad_number_is_refused_naming_the_contact(tmp_path: Path) -> None:
    folder = write_contacts(tmp_path, entry("good", "911"), entry("tip-line", "1-866-602-94"))
    with pytest.raises(ContentError) as error:
        load_contacts(folder)
    message = str(error.value)
    assert "contacts.toml" in message
    assert "'tip-line'" in message
    assert "1-866-602-94" in message


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ([entry(names='es = "Sólo español"')], "needs a name in English"),
        ([entry("same"), entry("same")], "'same': id used twice"),
        ([entry("Bad Id")], "'id' must be lower-case"),
        (["[[contact]]\nid = 'x'\nphone = 911\n[contact.name]\nen = 'X'"], "'phone'"),
        (["title = 'no contacts'"], "no \\[\\[contact\\]\\] entries"),
        (["[[contact]"], "contacts.toml: "),
    ],
)
def test_broken_files_are_refused_clearly(tmp_path: Path, entries: list[str], problem: str) -> None:
    with pytest.raises(ContentError, match=problem):
        load_contacts(write_contacts(tmp_path, *entries))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"contacts\.toml: missing"):
        load_contacts(tmp_path)
