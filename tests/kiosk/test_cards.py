"""Wallet cards, checked with the real tools: rendered to PNG by poppler's pdftoppm, QR codes
read back by zbar's zbarimg, fonts listed by pdffonts.

Every shipped language is rendered with names and words in its own script (a fixture, so the
test does not wait for translations). The decoded vCard and ``tel:`` must equal the contacts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

from kiosk import card_layout, card_qr, card_sheet, cards
from kiosk.card_layout import CARD_HEIGHT, CARD_WIDTH, CardTexts, mm
from kiosk.contacts import Contact, load_contacts
from kiosk.content import load_pack
from kiosk.errors import CardError, ContentError

LANGUAGES = ("en", "fr", "es", "tl", "pa", "zh-Hans", "zh-Hant", "vi", "th", "ar")
FIXTURE = Path(__file__).with_name("cards_data")
TEXTS = tomllib.loads((FIXTURE / "texts.toml").read_text(encoding="utf-8"))
CONTACTS = load_contacts(FIXTURE)
CARD_IDS = ("emergency", "tfw-tip-line", "worksafebc-prevention", "migrant-workers-centre")

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdffonts") is None,
    reason="needs pdftoppm and pdffonts from Debian's poppler-utils",
)
needs_zbar = pytest.mark.skipif(
    shutil.which("zbarimg") is None, reason="needs zbarimg from Debian's zbar-tools"
)


def texts(language: str) -> CardTexts:
    return CardTexts(*(TEXTS[key][language] for key in ("rights", "title", "scan", "call")))


def content(language: str, contacts: Sequence[Contact] = CONTACTS) -> cards.CardContent:
    return cards.card_content(language, contacts, texts(language))


def to_pngs(pdf: Path, dpi: int = 300) -> list[Path]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def zbar(png: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    command = ["zbarimg", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", *options, str(png)]
    result = subprocess.run(command, capture_output=True, check=False)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result


def count_codes(png: Path) -> int:
    """How many QR codes zbarimg finds anywhere in ``png``."""
    result = zbar(png, "--xml")
    if result.returncode == 4:
        return 0
    return len(ElementTree.fromstring(result.stdout).findall(".//{*}symbol"))


def read_code(png: Path, x: float, top: float, size: float, dpi: int = 300) -> str:
    """The one QR code in the square (``x``, ``top``, ``size``, in points from the top left).

    The text is the UTF-8 of zbar's raw bytes: zbar guesses Shift JIS for byte-mode data with
    no ECI header, so ``-Sbinary`` asks for the bytes as they are (phones read them as UTF-8).
    """
    scale = dpi / 72
    box = (
        round(x * scale),
        round(top * scale),
        round((x + size) * scale),
        round((top + size) * scale),
    )
    crop = png.with_name(f"{png.stem}-{box[0]}-{box[1]}.png")
    with Image.open(png) as image:
        image.crop(box).save(crop)
    result = zbar(crop, "--raw", "-Sbinary", "-1")
    assert result.returncode == 0, f"no code at {box} in {png}"
    return result.stdout.decode("utf-8")  # in binary mode zbar adds no newline


def read_back(
    png: Path, card: card_layout.CardLayout, left: float = 0, top: float = 0
) -> tuple[str, str]:
    """The vCard and the tel: of a card's back drawn at (``left``, ``top``) on the page."""
    places = (card.vcard_qr, card.tel_qr)
    vcard_text, tel = (read_code(png, left + p.x, top + p.top, p.size) for p in places)
    return vcard_text, tel


def parse_vcard(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The name and the (label, number) pairs of a vCard 3.0, as a phone would import them."""
    lines = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert lines[-2:] == ["END:VCARD", ""]
    fields: dict[str, str] = {}
    for line in lines[2:-2]:
        key, _, value = line.partition(":")
        fields[key] = re.sub(r"\\([\\,;])", r"\1", value).replace("\\n", "\n")
    items = sorted({k.split(".")[0] for k in fields if k.startswith("item")})
    numbers = [(fields[f"{item}.X-ABLabel"], fields[f"{item}.TEL"]) for item in items]
    assert fields["N"] == ";" + fields["FN"].replace(";", "\\;") + ";;;"
    return fields["FN"], numbers


def expected_numbers(language: str, short: bool = False) -> list[tuple[str, str]]:
    by_id = {contact.id: contact for contact in CONTACTS}
    expected = []
    for contact_id in CARD_IDS:
        name = by_id[contact_id].name(language)
        expected.append((card_qr.without_brackets(name) if short else name, by_id[contact_id]))
    return [(name, contact.phone.dial) for name, contact in expected]


@needs_poppler
@needs_zbar
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_and_its_codes_scan(tmp_path: Path, language: str) -> None:
    card = content(language)
    pdf = tmp_path / f"card-{language}.pdf"
    cards.render_pdf([card], "card", pdf)
    front, back = to_pngs(pdf)
    assert (count_codes(front), count_codes(back)) == (0, 2)
    vcard_text, tel = read_back(back, card_layout.layout(card))
    assert tel == "tel:+18666029448"
    title, numbers = parse_vcard(vcard_text)
    assert title == TEXTS["title"][language]
    # Thai names are long in UTF-8: the graceful step drops their bracketed explanations.
    short = card_layout.layout(card).vcard_qr.code.payload == card.short_vcard
    assert numbers == expected_numbers(language, short)
    assert short == (language == "th")


def test_codes_are_sized_for_a_phone_at_arms_length() -> None:
    for language in LANGUAGES:
        placed = card_layout.layout(content(language))
        assert placed.vcard_qr.size / card_layout.MM == pytest.approx(45.0)
        assert placed.vcard_qr.module_mm >= card_layout.MIN_MODULE_MM
        assert placed.tel_qr.module_mm >= 0.6
        for place in (placed.vcard_qr, placed.tel_qr):
            assert place.code.modules_with_quiet_zone == place.code.modules + 8


@needs_poppler
def test_every_font_is_embedded_as_a_subset(tmp_path: Path) -> None:
    pdf = tmp_path / "all.pdf"
    cards.render_pdf([content(language) for language in LANGUAGES], "a4", pdf)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        name, emb, sub = row[0], row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", name), row
    families = {row[0].split("+")[1].split("-")[0] for row in rows}
    assert families == {
        "NotoSans",
        "NotoSansGurmukhi",
        "NotoSansThai",
        "NotoSansArabic",
        "DroidSansFallback",
    }


def test_card_words_come_from_the_catalogs() -> None:
    spanish = cards.card_content("es", CONTACTS)
    assert spanish.local.scan == "Escanee para guardar estos números"
    assert spanish.english.scan == "Scan to save these numbers"
    assert spanish.entries[0].name == "Emergencias (policía, bomberos, ambulancia)"
    assert spanish.entries[0].name_english == "Emergency (police, fire, ambulance)"


def test_the_cards_contacts_are_picked_by_id() -> None:
    card = content("pa")
    assert [entry.contact_id for entry in card.entries] == list(CARD_IDS)
    assert card.tip_line.contact_id == "tfw-tip-line"
    without_support = [c for c in CONTACTS if c.id not in ("migrant-workers-centre",)]
    without_prevention = [c for c in without_support if c.id != "worksafebc-prevention"]
    assert [e.contact_id for e in content("pa", without_prevention).entries] == [
        "emergency",
        "tfw-tip-line",
        "worksafebc-claims",
    ]


def test_the_shipped_pack_makes_a_card_in_every_language() -> None:
    """With the real contacts.toml and catalogs, whatever languages they hold today."""
    pack = load_pack()
    for language in LANGUAGES:
        card = cards.pack_card(language, pack)
        assert card_layout.layout(card).front
        assert {"emergency", "tfw-tip-line"} <= {entry.contact_id for entry in card.entries}


# --- bad input: a clear error or a documented graceful layout, each tested ---


def renamed(contact_id: str, name: str) -> list[Contact]:
    changed = []
    for contact in CONTACTS:
        if contact.id == contact_id:
            contact = Contact(contact.id, contact.phone, {**contact.names, "en": name})
        changed.append(contact)
    return changed


def test_a_long_organisation_name_wraps_and_shrinks(tmp_path: Path) -> None:
    long_name = (
        "Migrant worker support centre of the Fraser Valley and the Okanagan "
        "(free legal help, advice and interpreters)"
    )
    card = content("en", renamed("migrant-workers-centre", long_name))
    placed = card_layout.layout(card)
    name = next(p for p in placed.front if p.fitted.text == long_name)
    assert len(name.fitted.lines) == 2
    assert name.fitted.size < 7.0
    assert name.fitted.width <= name.width
    cards.render_pdf([card], "card", tmp_path / "long.pdf")


def test_an_absurdly_long_name_is_refused_naming_the_contact() -> None:
    card = content("en", renamed("migrant-workers-centre", "Support centre " * 30))
    with pytest.raises(CardError, match=r"contact 'migrant-workers-centre' name.*does not fit"):
        card_layout.layout(card)


def test_a_number_that_does_not_parse_never_reaches_a_card(tmp_path: Path) -> None:
    broken = (FIXTURE / "contacts.toml").read_text(encoding="utf-8")
    broken = broken.replace('phone = "1-888-621-7233"', 'phone = "1-888-621-72"')
    (tmp_path / "contacts.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError, match="'worksafebc-prevention': phone '1-888-621-72'"):
        cards.card_content("en", load_contacts(tmp_path))


def test_a_script_without_a_font_is_named() -> None:
    hindi = CardTexts("कार्यस्थल पर आपके अधिकार", "मदद", "स्कैन करें", "कॉल करें")
    card = cards.card_content("hi", CONTACTS, hindi)
    with pytest.raises(CardError, match=r"'hi'.*no font for U\+09[0-7][0-9A-F] DEVANAGARI"):
        card_layout.layout(card)


def test_too_many_contacts_for_one_code_is_refused() -> None:
    many = [
        Contact(f"line-{n}", CONTACTS[1].phone, {"en": f"Line {n}", "th": "สายด่วน" * 12})
        for n in range(12)
    ]
    slots = [(contact.id,) for contact in many]
    tip_line = next(c for c in CONTACTS if c.id == "tfw-tip-line")
    card = cards.card_content("th", [*many, tip_line], texts("th"), slots)
    with pytest.raises(CardError, match="do not fit one QR code"):
        card_layout.layout(card)


def test_unknown_languages_and_papers_are_refused() -> None:
    with pytest.raises(CardError, match="unknown language 'xx'"):
        cards.card_content("xx", CONTACTS)
    with pytest.raises(CardError, match="not a language code"):
        cards.card_content("Punjabi", CONTACTS)
    with pytest.raises(CardError, match="unknown paper 'legal'"):
        cards.render_pdf([content("en")], "legal")
    with pytest.raises(CardError, match="no cards"):
        cards.render_pdf([], "a4")


def test_a_pack_without_the_tip_line_is_refused() -> None:
    without = [contact for contact in CONTACTS if contact.id != "tfw-tip-line"]
    with pytest.raises(CardError, match="'tfw-tip-line'"):
        cards.card_content("en", without)


# --- sheets: 10 up on Letter and A4, crop marks, backs for a long-edge duplex flip ---

SHEET_LANGUAGES = ("en", "fr", "es", "vi", "tl")  # Latin script: pdftotext reads the fronts


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    return [(float(w), float(h)) for w, h in sizes]


def text_in(pdf: Path, page: int, x: float, top: float, width: float, height: float) -> str:
    """The text pdftotext finds in a box of a page (points, from the top left)."""
    command = ["pdftotext", "-r", "72", "-f", str(page), "-l", str(page)]
    command += ["-x", str(int(x)), "-y", str(int(top)), "-W", str(int(width))]
    command += ["-H", str(int(height)), str(pdf), "-"]
    return " ".join(
        subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    )


@needs_poppler
@pytest.mark.parametrize(("paper", "size"), [("letter", (612.0, 792.0)), ("a4", (595.28, 841.89))])
def test_sheets_hold_ten_cards_a_page_pair(tmp_path: Path, paper: str, size: tuple) -> None:
    pdf = tmp_path / "sheets.pdf"
    batch = [content(SHEET_LANGUAGES[n % 5]) for n in range(13)]
    cards.render_pdf(batch, paper, pdf)
    assert page_sizes(pdf) == [pytest.approx(size, abs=0.01)] * 4  # 2 sheets, front and back
    single = tmp_path / "single.pdf"
    cards.render_pdf(batch[:3], "card", single)
    assert page_sizes(single) == [pytest.approx((242.65, 153.07), abs=0.01)] * 6


@needs_poppler
@needs_zbar
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_each_back_lands_behind_its_front_after_a_long_edge_flip(
    tmp_path: Path, paper: str
) -> None:
    pdf = tmp_path / "duplex.pdf"
    languages = [SHEET_LANGUAGES[n % 5] for n in range(card_sheet.PER_SHEET)]
    layouts = [card_layout.layout(content(language)) for language in languages]
    cards.render_pdf([placed.content for placed in layouts], paper, pdf)
    sheet = card_sheet.Sheet(*card_sheet.PAGE_SIZES[paper])
    _front_png, back_png = to_pngs(pdf, dpi=200)
    by_id = {contact.id: contact for contact in CONTACTS}
    for index, (language, placed) in enumerate(zip(languages, layouts, strict=True)):
        x, y = sheet.slot(index)
        top = sheet.height - y - CARD_HEIGHT
        front = text_in(pdf, 1, x, top, CARD_WIDTH, CARD_HEIGHT)
        assert by_id["emergency"].name(language).split(" (")[0] in front, (index, front)
        back_x, back_y = sheet.slot(index, back=True)
        # Flipped over the long (vertical) edge, the back's left edge meets the front's right.
        assert back_x == pytest.approx(sheet.width - x - CARD_WIDTH)
        assert back_y == y
        place = placed.vcard_qr
        back_top = sheet.height - back_y - CARD_HEIGHT
        vcard_text = read_code(back_png, back_x + place.x, back_top + place.top, place.size, 200)
        assert parse_vcard(vcard_text)[0] == TEXTS["title"][language], index


@needs_poppler
def test_crop_marks_sit_on_every_cut_line_outside_the_cards(tmp_path: Path) -> None:
    pdf = tmp_path / "marks.pdf"
    cards.render_pdf([content("en")] * 10, "a4", pdf)
    front_png = to_pngs(pdf, dpi=150)[0]
    sheet = card_sheet.Sheet(*card_sheet.PAGE_SIZES["a4"])
    scale = 150 / 72
    grid_top = sheet.height - sheet.bottom - 5 * CARD_HEIGHT  # from the page's top
    grid_bottom = grid_top + 5 * CARD_HEIGHT
    with Image.open(front_png) as image:
        gray = image.convert("L")

        def dark(x: float, top: float) -> bool:
            return (
                min(
                    gray.getpixel((round(x * scale) + dx, round(top * scale)))  # type: ignore[misc]
                    for dx in (-1, 0, 1)
                )
                < 128
            )

        def dark_row(x: float, top: float) -> bool:
            return (
                min(
                    gray.getpixel((round(x * scale), round(top * scale) + dy))  # type: ignore[misc]
                    for dy in (-1, 0, 1)
                )
                < 128
            )

        mark = card_sheet.CROP_OFFSET + mm(2)
        for column in range(3):
            x = sheet.left + column * CARD_WIDTH
            assert dark(x, grid_top - mark) and dark(x, grid_bottom + mark), column
            if column < 2:
                assert not dark(x + CARD_WIDTH / 2, grid_top - mark)  # nothing between cuts
        for row in range(6):
            top = grid_top + row * CARD_HEIGHT
            assert dark_row(sheet.left - mark, top), row
            assert dark_row(sheet.left + 2 * CARD_WIDTH + mark, top), row
            if row < 5:
                assert not dark_row(sheet.left - mark, top + CARD_HEIGHT / 2)


# --- the anonymous events of cards ---


def test_card_events_count_without_linking_visits(tmp_path: Path) -> None:
    import sqlite3

    from kiosk.reach import ReachContext, ReachLog
    from kiosk.storage import open_database
    from kiosk.visit import Visit

    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr", "dev-test"))
    visit = Visit(reach)
    visit.choose_language("pa")
    visit.show_qr()
    visit.end("done")
    visit.print_card("pa")  # the card came out after its visitor left: counted, no new visit
    assert not visit.active
    reach.close()
    with sqlite3.connect(database.path) as connection:
        rows = connection.execute("SELECT kind, language FROM reach_event ORDER BY id").fetchall()
    database.close()
    assert rows == [
        ("visit", None),
        ("language_selected", "pa"),
        ("qr_shown", "pa"),
        ("card_printed", "pa"),
    ]
