"""Printing wallet cards through a real CUPS queue, and the kiosk's fallback when it fails.

The private cupsd of tests/ui/conftest.py prints to PDF with cups-pdf; the printed PDF is read
back with pdftoppm and zbarimg. Card printers that run out of cards or reject jobs are fakes
(a test backend), because no physical card printer exists here.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "kiosk"))

from card_codes import saved_contact, zbar_texts, zxing_reads
from card_packs import (
    NEW_TIP_LINE,
    NEW_TIP_LINE_DIAL,
    OLD_TIP_LINE,
    OLD_TIP_LINE_DIAL,
    UPDATE_VERSION,
    signed_update,
)

from kiosk import i18n
from kiosk.cards import make as cards
from kiosk.cards import print_problems
from kiosk.cards.contacts import contacts_by_id, load_contacts
from kiosk.cards.printing import Cups, PrinterStatus, job_options, media_size, print_pdf
from kiosk.cards.qr import without_brackets
from kiosk.cards.sheet import PAPERS
from kiosk.config import Settings
from kiosk.errors import PrintError
from kiosk.packs.load import load_pack
from kiosk.packs.manifest import trusted_keys
from kiosk.packs.store import PackStore
from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton
needs_tools = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None,
    reason="needs pdftoppm (poppler-utils) and zbarimg (zbar-tools)",
)


MM = 72 / 25.4  # points in a millimetre
CARD_MM = (85.6, 54.0)


def page_size_mm(pdf: Path) -> tuple[float, float]:
    """The first page's size in millimetres, as pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Page size: +([\d.]+) x ([\d.]+) pts", info)
    assert found, info
    return float(found.group(1)) / MM, float(found.group(2)) / MM


def ink_box_mm(pdf: Path, folder: Path, dpi: int = 300) -> tuple[float, float]:
    """Width and height (mm) of all the ink on the first page: on a sheet, its crop marks."""
    stem = folder / f"ink-{pdf.stem}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    with Image.open(stem.with_suffix(".png")) as image:
        ink = image.convert("L").point(lambda value: 255 if value < 128 else 0)
    box = ink.getbbox()
    assert box is not None, f"nothing printed on {pdf}"
    return (box[2] - box[0]) * 25.4 / dpi, (box[3] - box[1]) * 25.4 / dpi


def printed_card_mm(sent: Path, printed: Path, folder: Path) -> tuple[float, float]:
    """The size a card came out at: 85.6 x 54 mm times how much the printed ink grew or shrank
    from the ink of the PDF that was sent."""
    sent_ink, printed_ink = ink_box_mm(sent, folder), ink_box_mm(printed, folder)
    return (
        CARD_MM[0] * printed_ink[0] / sent_ink[0],
        CARD_MM[1] * printed_ink[1] / sent_ink[1],
    )


def codes_in(png: Path) -> tuple[list[str], list[str]]:
    """The vCards and tel: URIs in ``png``, as zbarimg decodes them (and zxing-cpp agrees)."""
    texts = zbar_texts(png)
    assert sorted(texts) == sorted(read.text for read in zxing_reads(png))
    vcards = [text for text in texts if text.startswith("BEGIN:VCARD")]
    return vcards, [text for text in texts if text.startswith("tel:")]


def numbers_in(vcard: str) -> list[tuple[str, str]]:
    """The (name, number) pairs a phone saves: the note's names with the TEL numbers."""
    saved = saved_contact(vcard)
    names = [line.rsplit(": ", 1)[0] for line in saved.note]
    return list(zip(names, saved.numbers, strict=True))


def check_pack_numbers(vcard: str, language: str) -> None:
    """The card's vCard holds the shipped pack's numbers in the card's order, each named without
    its bracketed explanation, in ``language`` or, where that does not fit the code, in English."""
    by_id = contacts_by_id(load_contacts())
    content = cards.pack_card(language, load_pack())
    pairs = numbers_in(vcard)
    assert [number for _name, number in pairs] == [
        by_id[e.contact_id].phone.dial for e in content.entries
    ]
    for (name, _number), entry in zip(pairs, content.entries, strict=True):
        contact = by_id[entry.contact_id]
        assert name in {
            without_brackets(contact.name(language)),
            without_brackets(contact.name("en")),
        }


@pytest.fixture
def card_pdf(tmp_path: Path) -> Path:
    pdf = tmp_path / "card.pdf"
    cards.render_pdf([cards.pack_card("es", load_pack())], "card", pdf)
    return pdf


# --- kiosk.cards.printing against the private cupsd ---


@needs_tools
def test_a_card_prints_and_the_printed_codes_scan(cups, card_pdf: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queue, job = print_pdf(card_pdf, cups.PDF_QUEUE, Cups(cups.server))
    assert queue == cups.PDF_QUEUE
    printed = cups.printed(job)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", str(printed), str(tmp_path / "out")], check=True
    )
    pages = sorted(tmp_path.glob("out-*.png"))
    assert len(pages) == 2  # front and back came out
    assert codes_in(pages[0]) == ([], [])
    vcards, tels = codes_in(pages[1])
    assert tels == ["tel:+18666029448"]
    (vcard,) = vcards
    assert vcard == cards.pack_card("es", load_pack()).vcard
    check_pack_numbers(vcard, "es")


@needs_tools
@pytest.mark.parametrize(
    ("paper", "queue", "page_mm"),
    [
        ("card", "PDF_QUEUE", CARD_MM),  # the queue's paper is A4
        ("letter", "PDF_QUEUE", (215.9, 279.4)),  # the case: Letter to an A4 queue
        ("a4", "LETTER_QUEUE", (210.0, 297.0)),
    ],
)
def test_cards_print_at_their_size_on_the_pdfs_paper(  # type: ignore[no-untyped-def]
    cups, tmp_path: Path, paper: str, queue: str, page_mm: tuple[float, float]
) -> None:
    """Whatever paper the queue expects, the job asks for the PDF's own and no scaling."""
    sent = tmp_path / f"{paper}.pdf"
    cards.render_pdf([cards.pack_card("es", load_pack())] * 3, paper, sent)
    _queue, job = print_pdf(sent, getattr(cups, queue), Cups(cups.server))
    printed = cups.printed(job)
    page, card = page_size_mm(printed), printed_card_mm(sent, printed, tmp_path)
    assert page == pytest.approx(page_mm, abs=0.5), f"page {page}, card {card}"
    assert card == pytest.approx(CARD_MM, abs=0.3), f"page {page}, card {card}"


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_is_asked_for_by_name_at_full_size(tmp_path: Path, paper: str) -> None:
    sent = tmp_path / f"{paper}.pdf"
    cards.render_pdf([cards.pack_card("en", load_pack())], paper, sent)
    options = job_options(sent)
    assert options["print-scaling"] == "none" and options["fit-to-page"] == "false"
    assert [size / MM for size in media_size(options["media"])] == pytest.approx(
        page_size_mm(sent), abs=0.1
    )


def test_a_pdf_of_another_size_is_printed_at_full_size_on_the_queues_paper(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Page /MediaBox [ 0 0 500 500 ] >> endobj\n")
    assert job_options(other) == {"print-scaling": "none", "fit-to-page": "false"}
    other.write_bytes(b"not a PDF")
    assert job_options(other) == {"print-scaling": "none", "fit-to-page": "false"}


@needs_tools
def test_the_command_prints_a_letter_sheet_at_its_size_on_an_a4_queue(  # type: ignore[no-untyped-def]
    cups, tmp_path: Path
) -> None:
    """``outreach-kiosk cards --print QUEUE``, as an outreach worker runs it."""
    sent = tmp_path / "sheet.pdf"
    command = [str(Path(sys.executable).with_name("outreach-kiosk")), "--data-dir", str(tmp_path)]
    command += ["cards", "--lang", "es", "--paper", "letter", "--out", str(sent)]
    result = subprocess.run(
        [*command, "--print", cups.PDF_QUEUE],
        capture_output=True,
        text=True,
        env=cups.env(),
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = re.search(
        rf"printed on {cups.PDF_QUEUE} \(job (\d+)\), at 100% on letter", result.stdout
    )
    assert found, result.stdout
    printed = cups.printed(int(found.group(1)))
    assert page_size_mm(printed) == pytest.approx((215.9, 279.4), abs=0.5)
    assert printed_card_mm(sent, printed, tmp_path) == pytest.approx(CARD_MM, abs=0.3)
    # no queue named: the site's card printer (the printer setting), as the kiosk prints
    on_site_printer = subprocess.run(
        [*command, "--print"],
        capture_output=True,
        text=True,
        env={**cups.env(), "OUTREACH_KIOSK_PRINTER": cups.PDF_QUEUE},
        timeout=180,
        check=False,
    )
    assert on_site_printer.returncode == 0, on_site_printer.stderr
    assert f"printed on {cups.PDF_QUEUE} (job " in on_site_printer.stdout
    failed = subprocess.run(
        [*command, "--print", cups.OUT_OF_CARDS_QUEUE],
        capture_output=True,
        text=True,
        env=cups.env(),
        timeout=180,
        check=False,
    )
    assert failed.returncode == 1
    assert "media-empty-error" in failed.stderr


def test_the_default_queue_is_used_when_none_is_set(cups, card_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    client = Cups(cups.server)
    with pytest.raises(PrintError) as no_default:
        print_pdf(card_pdf, None, client)
    assert no_default.value.problem == print_problems.NO_PRINTER
    assert "no default" in str(no_default.value)
    cups.set_default(cups.PDF_QUEUE)
    assert client.default_printer() == cups.PDF_QUEUE
    queue, job = print_pdf(card_pdf, None, client)
    assert queue == cups.PDF_QUEUE
    assert cups.printed(job).stat().st_size > 1000


def test_a_queue_that_does_not_exist(cups, card_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrintError, match="no printer 'front-desk'") as error:
        print_pdf(card_pdf, "front-desk", Cups(cups.server))
    assert error.value.problem == print_problems.NO_PRINTER


def test_a_printer_out_of_cards(cups, card_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    client = Cups(cups.server)
    with pytest.raises(PrintError, match="media-empty-error") as first:
        print_pdf(card_pdf, cups.OUT_OF_CARDS_QUEUE, client, timeout=30)
    assert first.value.problem == print_problems.PAPER_OUT
    # The state is checked first: the next card is refused before a job is even made.
    assert client.printer_status(cups.OUT_OF_CARDS_QUEUE).problem() == print_problems.PAPER_OUT
    with pytest.raises(PrintError) as second:
        print_pdf(card_pdf, cups.OUT_OF_CARDS_QUEUE, client, timeout=30)
    assert second.value.problem == print_problems.PAPER_OUT


def test_a_job_the_printer_rejects(cups, card_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrintError, match="rejected the job") as error:
        print_pdf(card_pdf, cups.BROKEN_QUEUE, Cups(cups.server), timeout=30)
    assert error.value.problem == print_problems.JOB_FAILED


def test_cups_not_running(tmp_path: Path, card_pdf: Path) -> None:
    with pytest.raises(PrintError, match="not reachable") as error:
        print_pdf(card_pdf, "any", Cups(str(tmp_path / "no-cupsd.sock")))
    assert error.value.problem == print_problems.NO_PRINTER


@pytest.mark.parametrize(
    ("state", "reasons", "accepting", "problem"),
    [
        (3, (), True, None),
        (4, ("media-low-report",), True, None),  # low, not out: still prints
        (3, ("media-empty-error",), True, print_problems.PAPER_OUT),
        (5, ("media-needed",), True, print_problems.PAPER_OUT),
        (5, ("paused",), True, print_problems.NOT_READY),
        (3, (), False, print_problems.NOT_READY),
        (3, ("media-jam-error",), True, print_problems.NOT_READY),
        (3, ("offline-report",), True, print_problems.NOT_READY),
    ],
)
def test_printer_states_as_problems(
    state: int, reasons: tuple[str, ...], accepting: bool, problem: str | None
) -> None:
    assert PrinterStatus("p", state, reasons, accepting).problem() == problem


# --- the kiosk: worker thread, card screen, events ---


def event_rows(kiosk) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    kiosk.reach.close()
    with sqlite3.connect(kiosk.database.path) as connection:
        return connection.execute("SELECT kind, language FROM reach_event ORDER BY id").fetchall()


@pytest.fixture
def make_kiosk(kiosk_app, qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from ui.kiosk.app import Kiosk

    made = []

    def make(printer: str | None, **settings: Any):  # type: ignore[no-untyped-def]
        data = tmp_path / f"data{len(made)}"
        running = Kiosk(Settings(data_dir=data, printer=printer, **settings))
        qtbot.addWidget(running.window)
        running.window.resize(1280, 800)
        running.window.show()
        with qtbot.waitSignal(running.ready, timeout=30_000):
            running.open_storage()
        made.append(running)
        return running

    yield make
    for running in made:
        running.close()
    i18n.activate("en")  # a test may end mid-visit in another language: leave none behind


def open_card_screen(kiosk, qtbot, language: str):  # type: ignore[no-untyped-def]
    window = kiosk.window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons[language], LEFT)
    qtbot.mouseClick(window.topics.card_button, LEFT)
    assert window.current_screen() is window.card
    qtbot.waitUntil(lambda: window.card.codes is not None, timeout=30_000)
    return window.card


def test_the_worker_thread_prints_a_card(cups, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.kiosk.printing import CardPrinter

    monkeypatch.setenv("CUPS_SERVER", cups.server)
    printer = CardPrinter(load_pack(), cups.PDF_QUEUE)
    printed_before = set(cups.out.glob("job_*.pdf"))
    try:
        with qtbot.waitSignal(printer.printed, timeout=60_000) as printed:
            assert printer.print_card("es")
            assert not printer.print_card("es")  # one card at a time
        assert printed.args == ["es"]
        assert not printer.busy
    finally:
        printer.shutdown()
    (job,) = set(cups.out.glob("job_*.pdf")) - printed_before
    assert page_size_mm(job) == pytest.approx(CARD_MM, abs=0.5)  # a card, not A4, the queue's


def test_a_visitor_prints_a_card(cups, make_kiosk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CUPS_SERVER", cups.server)
    kiosk = make_kiosk(cups.PDF_QUEUE)
    card = open_card_screen(kiosk, qtbot, "es")
    assert card.title.text() == "Su tarjeta de bolsillo"
    assert "Emergencias (policía, bomberos, ambulancia): 911" in card.numbers_text()
    assert "1-866-602-9448" in card.numbers_text()
    qtbot.mouseClick(card.print_button, LEFT)
    assert card.status.text() == "Imprimiendo su tarjeta. Por favor, espere."
    qtbot.waitUntil(lambda: "impresa" in card.status.text(), timeout=60_000)
    assert card.pages.currentWidget() is card.offer_page
    qtbot.mouseClick(card.done_button, LEFT)
    assert kiosk.window.current_screen() is kiosk.window.attract
    assert card.codes is None and card.numbers_text() == ""
    assert ("card_printed", "es") in event_rows(kiosk)
    assert ("qr_shown", "es") not in event_rows(kiosk)


@needs_tools
def test_when_the_printer_fails_the_codes_fill_the_screen(  # type: ignore[no-untyped-def]
    cups, make_kiosk, qtbot, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CUPS_SERVER", cups.server)
    kiosk = make_kiosk(cups.OUT_OF_CARDS_QUEUE)
    card = open_card_screen(kiosk, qtbot, "es")
    qtbot.mouseClick(card.print_button, LEFT)
    qtbot.waitUntil(lambda: card.pages.currentWidget() is card.codes_page, timeout=60_000)
    assert card.status.text().startswith("La impresora se quedó sin tarjetas.")
    assert "Escanee los códigos" in card.status.text()
    shot = tmp_path / "codes.png"
    assert kiosk.window.grab().save(str(shot))
    vcards, tels = codes_in(shot)
    assert tels == ["tel:+18666029448"]
    assert vcards == [cards.pack_card("es", load_pack()).vcard]
    check_pack_numbers(vcards[0], "es")
    rows = event_rows(kiosk)
    assert ("qr_shown", "es") in rows
    assert ("card_printed", "es") not in rows


def test_without_any_printer_the_visitor_is_told_plainly(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    kiosk = make_kiosk(None)
    card = open_card_screen(kiosk, qtbot, "en")
    qtbot.mouseClick(card.print_button, LEFT)
    qtbot.waitUntil(lambda: card.pages.currentWidget() is card.codes_page, timeout=30_000)
    assert card.status.text() == (
        "There is no printer working here right now. "
        "Scan the codes with your phone camera to save the numbers."
    )
    assert card.vcard_view.code is card.codes.vcard
    qtbot.mouseClick(card.back_button, LEFT)  # from the codes back to the card's choices
    assert card.pages.currentWidget() is card.offer_page
    qtbot.mouseClick(card.show_codes_button, LEFT)
    assert card.pages.currentWidget() is card.codes_page
    assert [row for row in event_rows(kiosk) if row[0] == "qr_shown"] == [("qr_shown", "en")] * 2


@needs_tools
def test_a_pack_update_reaches_the_next_visitors_card(  # type: ignore[no-untyped-def]
    cups, make_kiosk, qtbot, monkeypatch, tmp_path: Path
) -> None:
    """A signed update corrects the tip line's number while the kiosk runs (as sync installs
    it); from the next visit on, the screen, the printed card and its codes carry the new one."""
    monkeypatch.setenv("CUPS_SERVER", cups.server)
    update, public_key = signed_update(tmp_path)
    kiosk = make_kiosk(cups.PDF_QUEUE, trusted_keys=(public_key,))
    card = open_card_screen(kiosk, qtbot, "es")
    assert OLD_TIP_LINE in card.numbers_text()

    store = PackStore(kiosk.settings.resolved_data_dir(), trusted_keys([public_key]))
    store.install(update)
    assert OLD_TIP_LINE in card.numbers_text()  # the visit in progress is left alone
    qtbot.mouseClick(card.done_button, LEFT)  # the visit ends: the kiosk picks the update up
    assert kiosk.active_pack.pack.version == UPDATE_VERSION

    card = open_card_screen(kiosk, qtbot, "es")
    assert NEW_TIP_LINE in card.numbers_text() and OLD_TIP_LINE not in card.numbers_text()
    assert card.codes.tel.payload == f"tel:{NEW_TIP_LINE_DIAL}"
    printed_before = set(cups.out.glob("job_*.pdf"))
    qtbot.mouseClick(card.print_button, LEFT)
    qtbot.waitUntil(lambda: "impresa" in card.status.text(), timeout=60_000)
    (printed,) = set(cups.out.glob("job_*.pdf")) - printed_before
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", str(printed), str(tmp_path / "out")], check=True
    )
    front, back = sorted(tmp_path.glob("out-*.png"))
    vcards, tels = codes_in(back)
    assert tels == [f"tel:{NEW_TIP_LINE_DIAL}"]
    (vcard,) = vcards
    dialled = [number for _label, number in numbers_in(vcard)]
    assert NEW_TIP_LINE_DIAL in dialled and OLD_TIP_LINE_DIAL not in dialled
    assert codes_in(front) == ([], [])
    qtbot.mouseClick(card.done_button, LEFT)
