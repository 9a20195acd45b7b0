"""Wallet cards, checked with the real tools: rendered to PNG by poppler's pdftoppm, QR codes
read back from the page images by zbar's zbarimg and by zxing-cpp (ZXing, the scanner library
of most Android phones), vCards parsed by vobject, fonts listed by pdffonts.

Every shipped language is rendered with names and words in its own script (a fixture, so the
test does not wait for translations), and again as the shipped pack and catalogs make it. What
a phone would save from the vCard (its name, numbers and note) must equal the contacts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).parent))

from card_codes import (
    needs_decoders,
    render,
    saved_contact,
    vcard_and_tel,
    zbar_texts,
    zxing_numbers,
    zxing_reads,
)

from kiosk.cards import layout as card_layout
from kiosk.cards import make as cards
from kiosk.cards import qr as card_qr
from kiosk.cards import sheet as card_sheet
from kiosk.cards.contacts import Contact, load_contacts
from kiosk.cards.layout import CARD_HEIGHT, CARD_WIDTH, CardTexts, mm
from kiosk.errors import CardError, ContentError
from kiosk.packs.load import load_pack

LANGUAGES = ("en", "fr", "es", "tl", "pa", "zh-Hans", "zh-Hant", "vi", "th", "ar")
FIXTURE = Path(__file__).with_name("cards_data")
TEXTS = tomllib.loads((FIXTURE / "texts.toml").read_text(encoding="utf-8"))
CONTACTS = load_contacts(FIXTURE)
CARD_IDS = ("emergency", "tfw-tip-line", "worksafebc-prevention", "migrant-workers-centre")
PACK_LANGUAGES = load_pack().languages

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
    return render(pdf, dpi)


def count_codes(png: Path) -> int:
    """How many QR codes zbarimg finds anywhere in ``png``."""
    return len(zbar_texts(png))


def read_code(png: Path, x: float, top: float, size: float, dpi: int = 300) -> str:
    """The one QR code in the square (``x``, ``top``, ``size``, in points from the top left),
    as zbar decodes it."""
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
    codes = zbar_texts(crop)
    assert len(codes) == 1, f"no code at {box} in {png}"
    return codes[0]


def read_back(png: Path) -> tuple[str, str]:
    """The vCard and the ``tel:`` of a card's back page, read by zbar and by zxing-cpp, which
    must agree; for text outside ASCII the vCard must name UTF-8 with an ECI header."""
    from_zbar = vcard_and_tel(zbar_texts(png))
    reads = zxing_reads(png)
    from_zxing = vcard_and_tel([read.text for read in reads])
    assert from_zbar == from_zxing
    vcard_text, tel = from_zxing
    eci = {read.text: read.utf8_eci for read in reads}
    assert eci == {vcard_text: not vcard_text.isascii(), tel: False}
    return vcard_text, tel


def check_saved(vcard_text: str, card: cards.CardContent) -> list[bool]:
    """What a phone saves from ``vcard_text`` is ``card``'s: its title, every number in
    dialable form, and a note naming each number (without bracketed explanations), in the card's
    order. Returns, for the title and then each number's name, whether it is the visitor's."""
    saved = saved_contact(vcard_text)
    assert saved.name in (card.local.title, card.english.title)
    dialled = [entry.phone.dial for entry in card.entries]
    assert saved.numbers == dialled
    assert zxing_numbers(vcard_text) == dialled  # what ZXing's vCard parser finds
    assert len(saved.note) == len(card.entries)
    own = [saved.name == card.local.title]
    for line, entry in zip(saved.note, card.entries, strict=True):
        name, _, number = line.rpartition(": ")
        assert number == entry.phone.display
        local, english = (card_qr.without_brackets(n) for n in (entry.name, entry.name_english))
        assert name in (local, english), line
        own.append(name == local)
    return own


# What the contacts code of each fixture card says in the visitor's language, as many of the
# card's title and its numbers' names (the rest in English) as fit a code with 0.55 mm modules.
IN_OWN_LANGUAGE = {
    "en": 5,
    "fr": 2,
    "es": 3,
    "tl": 3,
    "pa": 0,  # Gurmukhi and Thai take three bytes a letter: every name is in English
    "zh-Hans": 5,
    "zh-Hant": 5,
    "vi": 1,
    "th": 0,
    "ar": 1,
}


@needs_poppler
@needs_zbar
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_and_its_codes_scan(tmp_path: Path, language: str) -> None:
    card = content(language)
    pdf = tmp_path / f"card-{language}.pdf"
    cards.render_pdf([card], "card", pdf)
    front, back = to_pngs(pdf)
    assert (count_codes(front), count_codes(back)) == (0, 2)
    vcard_text, tel = read_back(back)
    assert tel == "tel:+18666029448"
    placed = card_layout.layout(card)
    assert read_code(back, placed.vcard_qr.x, placed.vcard_qr.top, placed.vcard_qr.size) == (
        vcard_text
    )
    by_id = {contact.id: contact for contact in CONTACTS}
    assert [entry.phone for entry in card.entries] == [by_id[i].phone for i in CARD_IDS]
    assert (
        vcard_text
        == card.vcard
        == card_qr.fitting_vcard(card.vcard_steps, card_layout.MAX_VCARD_VERSION)
    )
    assert sum(check_saved(vcard_text, card)) == IN_OWN_LANGUAGE[language]


@needs_decoders
@pytest.mark.parametrize("language", PACK_LANGUAGES)
def test_the_shipped_packs_card_saves_every_number(tmp_path: Path, language: str) -> None:
    """As printed in every language of the shipped pack, with its contacts and catalogs."""
    card = cards.pack_card(language, load_pack())
    pdf = tmp_path / f"card-{language}.pdf"
    cards.render_pdf([card], "card", pdf)
    _front, back = render(pdf)
    vcard_text, tel = read_back(back)
    assert tel == card.tip_line.phone.uri
    placed = card_layout.layout(card)
    assert vcard_text == placed.vcard_qr.code.payload == card.vcard
    check_saved(vcard_text, card)
    assert {"emergency", "tfw-tip-line"} <= {entry.contact_id for entry in card.entries}


def test_the_vcard_is_plain_vcard_3_with_a_note_naming_each_number() -> None:
    """Names with vCard's special characters come back whole; no line is grouped."""
    awkward = [
        Contact("a", CONTACTS[0].phone, {"en": 'Police; fire, ambulance \\ "911"'}),
        Contact("tfw-tip-line", CONTACTS[1].phone, {"en": "Línea: (denuncias); 24/7"}),
    ]
    card = cards.card_content("en", awkward, texts("en"), [("a",), ("tfw-tip-line",)])
    assert not re.search(r"^item\d", card.vcard, re.M)
    assert [line for line in card.vcard.split("\r\n") if line.startswith("TEL")] == [
        "TEL:911",
        "TEL:+18666029448",
    ]
    assert check_saved(card.vcard, card) == [True, True, True]
    assert saved_contact(card.vcard).note == [
        'Police; fire, ambulance \\ "911": 911',
        "Línea:; 24/7: 1-866-602-9448",  # without its bracketed explanation
    ]
    assert saved_contact(card_qr.vcard("No numbers", [])).numbers == []


def test_codes_are_sized_for_a_phone_at_arms_length() -> None:
    for language in LANGUAGES:
        placed = card_layout.layout(content(language))
        assert placed.vcard_qr.size / card_layout.MM == pytest.approx(45.0)
        assert placed.vcard_qr.module_mm >= card_layout.MIN_MODULE_MM
        assert placed.tel_qr.module_mm >= 0.6
        for place in (placed.vcard_qr, placed.tel_qr):
            assert place.code.modules_with_quiet_zone == place.code.modules + 8


def test_each_code_is_bounded_by_its_printed_size() -> None:
    """The largest version each code may take keeps its modules printable, one more would not."""
    layout = card_layout
    for side_mm, largest in (
        (layout.VCARD_QR_MM, layout.MAX_VCARD_VERSION),
        (layout.TEL_QR_MM, layout.MAX_TEL_VERSION),
    ):
        for version, printable in ((largest, True), (largest + 1, False)):
            modules = 4 * version + 17 + 2 * card_qr.QUIET_ZONE
            assert (side_mm / modules >= layout.MIN_MODULE_MM) == printable, (side_mm, version)
    with pytest.raises(CardError, match="larger than version"):
        card_qr.make_qr("tel:+1" + "8" * 200, layout.MAX_TEL_VERSION)


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


def test_a_long_organisation_name_says_less_rather_than_shrinking_below_6_pt(
    tmp_path: Path,
) -> None:
    long_name = (  # the explanation is long: the contacts code and, here, the front leave it out
        "Migrant worker support centre (free legal help, advice and interpreters "
        "for the Fraser Valley and the Okanagan)"
    )
    card = content("en", renamed("migrant-workers-centre", long_name))
    placed = card_layout.layout(card)
    shown = [p for p in placed.front if p.fitted.text.startswith("Migrant worker support")]
    assert [p.fitted.text for p in shown] == ["Migrant worker support centre"]
    name = shown[0]
    assert name.fitted.size >= card_layout.MIN_TEXT_PT
    assert name.fitted.width <= name.width
    cards.render_pdf([card], "card", tmp_path / "long.pdf")


def test_an_absurdly_long_name_is_refused_naming_the_contact() -> None:
    """Too long for two lines at 6 pt even said shorter: refused, never printed smaller. (In
    Thai, whose names the contacts code gives in English when they do not fit, so the front is
    what refuses it.)"""
    absurd = "ศูนย์ช่วยเหลือแรงงานข้ามชาติ " * 12
    contacts = [
        Contact(c.id, c.phone, {**c.names, "th": absurd}) if c.id == "migrant-workers-centre" else c
        for c in CONTACTS
    ]
    card = content("th", contacts)
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


def test_a_pdf_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    """``out`` naming a folder used to leave ``cards.pdf.partial`` beside it."""
    (tmp_path / "cards.pdf").mkdir()
    with pytest.raises(IsADirectoryError):
        cards.render_pdf([content("en")], "card", tmp_path / "cards.pdf")
    assert [path.name for path in tmp_path.iterdir()] == ["cards.pdf"]


def test_no_pdf_holds_more_cards_than_the_cap() -> None:
    """Checked before any card is laid out, whoever asks (the command checks it first too)."""
    with pytest.raises(CardError, match="at most 10,000 cards in one PDF; 10,001 asked"):
        cards.render_pdf([content("en")] * (cards.MAX_CARDS + 1), "a4")


def test_a_pack_without_the_tip_line_is_refused() -> None:
    without = [contact for contact in CONTACTS if contact.id != "tfw-tip-line"]
    with pytest.raises(CardError, match="'tfw-tip-line'"):
        cards.card_content("en", without)


# --- sheets: 8 up on Letter, 10 on A4, crop marks, backs for a long-edge duplex flip ---

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
@pytest.mark.parametrize(
    ("paper", "size", "per_sheet"),
    [("letter", (612.0, 792.0), 8), ("a4", (595.28, 841.89), 10)],
)
def test_sheets_hold_8_cards_on_letter_and_10_on_a4(
    tmp_path: Path, paper: str, size: tuple, per_sheet: int
) -> None:
    assert card_sheet.PER_SHEET[paper] == per_sheet
    pdf = tmp_path / "sheets.pdf"
    batch = [content(SHEET_LANGUAGES[n % 5]) for n in range(per_sheet + 1)]
    cards.render_pdf(batch, paper, pdf)
    assert page_sizes(pdf) == [pytest.approx(size, abs=0.01)] * 4  # 2 sheets, front and back
    cards.render_pdf(batch[:per_sheet], paper, pdf)
    assert len(page_sizes(pdf)) == 2  # a full sheet is one page pair
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
    languages = [SHEET_LANGUAGES[n % 5] for n in range(card_sheet.PER_SHEET[paper])]
    layouts = [card_layout.layout(content(language)) for language in languages]
    cards.render_pdf([placed.content for placed in layouts], paper, pdf)
    sheet = card_sheet.Sheet.on(paper)
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
        assert vcard_text == placed.content.vcard, index  # each language's says its own names


def marks_from_edges(png: Path, sheet: card_sheet.Sheet, dpi: int) -> tuple[float, ...]:
    """How far (mm) the ink outside the grid of cards, the crop marks, sits from the page's
    left, top, right and bottom edges in ``png``, a page of ``sheet`` rendered at ``dpi``."""
    scale = dpi / 72
    grid_top = sheet.height - sheet.bottom - sheet.rows * CARD_HEIGHT
    grid = (
        round(sheet.left * scale) - 1,
        round(grid_top * scale) - 1,
        round((sheet.left + sheet.columns * CARD_WIDTH) * scale) + 1,
        round((grid_top + sheet.rows * CARD_HEIGHT) * scale) + 1,
    )
    with Image.open(png) as image:
        ink = image.convert("L").point(lambda value: 255 if value < 128 else 0)
    ImageDraw.Draw(ink).rectangle(grid, fill=0)
    box = ink.getbbox()
    assert box is not None, "no crop marks outside the cards"
    left, top, right, bottom = box
    width, height = ink.size
    px_to_mm = 25.4 / dpi
    return tuple(d * px_to_mm for d in (left, top, width - right, height - bottom))


@needs_poppler
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_crop_marks_sit_on_every_cut_line_inside_the_printable_area(
    tmp_path: Path, paper: str
) -> None:
    pdf = tmp_path / "marks.pdf"
    cards.render_pdf([content("en")] * card_sheet.PER_SHEET[paper], paper, pdf)
    dpi = 150
    front_png = to_pngs(pdf, dpi=dpi)[0]
    sheet = card_sheet.Sheet.on(paper)
    scale = dpi / 72
    grid_top = sheet.height - sheet.bottom - sheet.rows * CARD_HEIGHT  # from the page's top
    grid_bottom = grid_top + sheet.rows * CARD_HEIGHT
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
        for column in range(sheet.columns + 1):
            x = sheet.left + column * CARD_WIDTH
            assert dark(x, grid_top - mark) and dark(x, grid_bottom + mark), column
            if column < sheet.columns:
                assert not dark(x + CARD_WIDTH / 2, grid_top - mark)  # nothing between cuts
        for row in range(sheet.rows + 1):
            top = grid_top + row * CARD_HEIGHT
            assert dark_row(sheet.left - mark, top), row
            assert dark_row(sheet.left + sheet.columns * CARD_WIDTH + mark, top), row
            if row < sheet.rows:
                assert not dark_row(sheet.left - mark, top + CARD_HEIGHT / 2)
    # Office printers leave up to 6.35 mm of the edges blank: every mark is clear of that.
    from_edges = marks_from_edges(front_png, sheet, dpi)
    assert min(from_edges) >= card_sheet.PRINTABLE_MARGIN / mm(1) == 6.0, from_edges
    assert min(from_edges) == pytest.approx(sheet.marks_margin() / mm(1), abs=0.3)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_sheet_leaves_room_for_whole_marks_inside_the_printable_area(paper: str) -> None:
    assert card_sheet.Sheet.on(paper).marks_margin() >= card_sheet.PRINTABLE_MARGIN


def test_the_commands_help_says_how_many_cards_each_paper_holds() -> None:
    import argparse

    from kiosk.commands import cards as cards_command

    commands = argparse.ArgumentParser().add_subparsers()
    cards_command.register(commands)
    help_text = " ".join(commands.choices["cards"].format_help().split())
    assert "8 on letter, 10 on a4" in help_text
    assert "of 10" not in help_text and "10 a sheet" not in help_text


# --- the anonymous events of cards ---


def test_card_events_count_without_linking_visits(tmp_path: Path) -> None:
    import sqlite3

    from kiosk.reach.log import ReachContext, ReachLog
    from kiosk.reach.visit import Visit
    from kiosk.storage.database import open_database

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
        ("visit", "pa"),
        ("language_selected", "pa"),
        ("qr_shown", "pa"),
        ("card_printed", "pa"),
    ]
