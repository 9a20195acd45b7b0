"""Cards carry the numbers of the active pack: after an update corrects a number, cards print it.

Real parts throughout: the update is a signed pack installed by kiosk.packs.store (through the
``outreach-kiosk pack install`` command for the command line), the card PDF is rasterised with
pdftoppm and its QR codes read back with zbarimg.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from card_codes import render, saved_contact, zbar_texts
from card_packs import (
    NEW_TIP_LINE,
    NEW_TIP_LINE_DIAL,
    OLD_TIP_LINE,
    OLD_TIP_LINE_DIAL,
    TIP_LINE_ID,
    UPDATE_VERSION,
    signed_update,
)

from kiosk.cards import make as cards
from kiosk.cards.contacts import contacts_of, load_contacts
from kiosk.config import Settings
from kiosk.errors import ContentError
from kiosk.packs.load import load_pack
from kiosk.packs.manifest import parse_public_key, trusted_keys
from kiosk.packs.store import PackStore
from kiosk.selfcheck import core_checks, run_checks

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")
needs_tools = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftoppm", "zbarimg", "pdftotext")),
    reason="needs pdftoppm and pdftotext (poppler-utils) and zbarimg (zbar-tools)",
)


def read_codes(pdf: Path) -> list[str]:
    """Every code zbarimg reads on the PDF's pages, rendered at 300 dpi."""
    pages = render(pdf)
    assert pages
    return [text for page in pages for text in zbar_texts(page)]


def tel_codes(decoded: list[str]) -> list[str]:
    return [text for text in decoded if text.startswith("tel:")]


def vcard_numbers(decoded: list[str]) -> list[str]:
    (vcard,) = [text for text in decoded if text.startswith("BEGIN:VCARD")]
    return saved_contact(vcard).numbers


def test_contacts_of_the_shipped_pack_are_those_of_its_file() -> None:
    assert contacts_of(load_pack()) == load_contacts()


def test_a_pack_number_a_phone_cannot_dial_is_refused_naming_it() -> None:
    pack = load_pack()
    broken = tuple(
        dataclasses.replace(contact, phone="1-866-602-944")
        if contact.id == TIP_LINE_ID
        else contact
        for contact in pack.contacts
    )
    with pytest.raises(ContentError, match=r"pack bc-orientation .*'tfw-tip-line': phone"):
        cards.pack_card("es", dataclasses.replace(pack, contacts=broken))


def test_the_active_pack_gives_the_card_its_numbers(tmp_path: Path) -> None:
    update, public_key = signed_update(tmp_path)
    store = PackStore(tmp_path / "data", trusted_keys([public_key]))
    shipped = cards.pack_card("es", store.active().pack)
    assert shipped.tip_line.phone.display == OLD_TIP_LINE
    store.install(update)
    active = store.active()
    assert (active.origin, active.pack.version) == ("installed", UPDATE_VERSION)
    card = cards.pack_card("es", active.pack)
    assert card.tip_line.phone.display == NEW_TIP_LINE
    assert card.tel == f"tel:{NEW_TIP_LINE_DIAL}"
    assert NEW_TIP_LINE_DIAL in card.vcard and OLD_TIP_LINE_DIAL not in card.vcard
    assert parse_public_key(public_key)  # the key the kiosk trusts is a real one


@needs_tools
def test_the_command_line_prints_the_installed_packs_number(tmp_path: Path) -> None:
    update, public_key = signed_update(tmp_path)
    settings = tmp_path / "settings.toml"
    settings.write_text(f'trusted_keys = ["{public_key}"]\n', encoding="utf-8")
    data = tmp_path / "data"

    def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(EXECUTABLE), "--data-dir", str(data), "--settings", str(settings), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )

    before = kiosk("cards", "--lang", "th", "--out", "before.pdf")
    assert before.returncode == 0, before.stderr
    assert "numbers from content pack bc-orientation 2026" in before.stdout
    assert "(shipped)" in before.stdout
    decoded = read_codes(tmp_path / "before.pdf")
    assert tel_codes(decoded) == [f"tel:{OLD_TIP_LINE_DIAL}"]

    installed = kiosk("pack", "install", str(update))
    assert installed.returncode == 0, installed.stderr + installed.stdout

    after = kiosk("cards", "--lang", "th", "--out", "after.pdf")
    assert after.returncode == 0, after.stderr
    assert f"numbers from content pack bc-orientation {UPDATE_VERSION} (installed)" in after.stdout
    decoded = read_codes(tmp_path / "after.pdf")
    assert tel_codes(decoded) == [f"tel:{NEW_TIP_LINE_DIAL}"]
    numbers = vcard_numbers(decoded)
    assert NEW_TIP_LINE_DIAL in numbers and OLD_TIP_LINE_DIAL not in numbers
    assert "+1911" not in numbers and "911" in numbers  # the others are still there
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "after.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert NEW_TIP_LINE in text and OLD_TIP_LINE not in text  # the printed numbers too


def test_the_self_check_renders_cards_from_the_active_pack(tmp_path: Path) -> None:
    update, public_key = signed_update(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", trusted_keys=(public_key,))
    PackStore(settings.resolved_data_dir(), trusted_keys(settings.trusted_keys)).install(update)
    (result,) = [r for r in run_checks(core_checks(settings)) if r.name == "cards"]
    assert result.ok, result.line()
    assert f"numbers from bc-orientation {UPDATE_VERSION} (installed)" in result.detail
