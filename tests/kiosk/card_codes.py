"""Reading a card's QR codes the way phones do: two decoders, and a vCard parser.

Shared by the card tests of the core (tests/kiosk) and of the kiosk's printing (tests/ui).

- zbar (``zbarimg``, Debian's zbar-tools) and zxing-cpp (the C++ port of ZXing, the scanner
  library of most Android phones) both read every code in a page image. Text is taken as the
  decoders give it, never as raw bytes: a decoder that guesses the character set wrongly fails.
- zxing-cpp also says whether the symbol itself names its character set (an ECI header).
- :func:`saved_contact` parses a vCard with vobject (a third-party parser, strict about vCard
  3.0) into what a phone saves: the name, the numbers and the note. :func:`zxing_numbers` reads
  the numbers the way ZXing's vCard parser finds them: only ``TEL`` properties that start a
  line, so a grouped ``item1.TEL`` is not a number to it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import vobject
import zxingcpp
from PIL import Image

needs_decoders = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftoppm", "zbarimg")),
    reason="needs pdftoppm (poppler-utils) and zbarimg (zbar-tools)",
)

CARD_DPI = 300  # what a card printer prints at
_VCARDS = re.compile(r"BEGIN:VCARD\r\n.*?END:VCARD\r\n\n", re.S)
_UTF8_ECI = "5D 51 32 5C 30 30 30 30 32 36"  # "]Q2\000026": the symbol says ECI 26, UTF-8


def render(pdf: Path, dpi: int = CARD_DPI) -> list[Path]:
    """The PDF's pages as PNG images, rendered by poppler's pdftoppm."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def zbar_texts(png: Path) -> list[str]:
    """The text of every QR code zbarimg finds in ``png``, as zbar decodes it to UTF-8.

    ``--raw`` prints each code's text and a newline; a vCard (which ends in CR LF and holds
    line ends) is cut out whole, every other line is a code of its own. The count is checked
    against zbar's XML listing (whose text itself is unreliable: zbar writes much non-Latin
    text there as base64 of sign-extended bytes).
    """
    texts = []
    output = _zbar(png, "--raw")
    for vcard in _VCARDS.finditer(output):
        texts.append(vcard.group(0)[:-1])
    texts += [line for line in _VCARDS.sub("", output).split("\n") if line]
    assert len(texts) == _zbar(png, "--xml").count("<symbol "), output
    return texts


def _zbar(png: Path, *options: str) -> str:
    command = ["zbarimg", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", *options, str(png)]
    result = subprocess.run(command, capture_output=True, check=False)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.decode("utf-8")


@dataclass(frozen=True)
class ZxingRead:
    text: str
    utf8_eci: bool  # the symbol names UTF-8 with an ECI header


def zxing_reads(png: Path) -> list[ZxingRead]:
    """Every QR code zxing-cpp finds in ``png``: its text and whether it names UTF-8."""
    formats = zxingcpp.BarcodeFormat.QRCode
    with Image.open(png) as image:
        gray = image.convert("L")
        texts = zxingcpp.read_barcodes(gray, formats=formats)
        hexes = zxingcpp.read_barcodes(gray, formats=formats, text_mode=zxingcpp.TextMode.HexECI)
    assert len(texts) == len(hexes)
    return [
        ZxingRead(code.text, raw.text.startswith(_UTF8_ECI))
        for code, raw in zip(texts, hexes, strict=True)
    ]


@dataclass(frozen=True)
class SavedContact:
    """What a phone saves from a vCard: a name, numbers (in order) and a note, one a line."""

    name: str
    numbers: list[str]
    note: list[str]


def saved_contact(text: str) -> SavedContact:
    """Parse one vCard 3.0 with vobject; fail unless it is valid and has plain TEL lines."""
    card = vobject.readOne(text, validate=True)
    assert card.name == "VCARD"
    assert card.version.value == "3.0"
    assert {line.group for line in card.getChildren()} == {None}, "grouped lines"
    assert card.n.value.given == card.fn.value
    numbers = [line.value for line in card.contents.get("tel", [])]
    notes = [line.value for line in card.contents.get("note", [])]
    assert len(notes) <= 1
    return SavedContact(card.fn.value, numbers, notes[0].split("\n") if notes else [])


def zxing_numbers(text: str) -> list[str]:
    """The numbers ZXing's vCard parser finds: ``TEL`` (with parameters or none) at the very
    start of a line, up to the line's end."""
    return [value.strip() for value in re.findall(r"(?:^|\n)TEL(?:;[^:]*)?:([^\r\n]*)", text, re.I)]


def vcard_and_tel(texts: list[str]) -> tuple[str, str]:
    """The one vCard and the one ``tel:`` among a card back's decoded codes."""
    vcards = [text for text in texts if text.startswith("BEGIN:VCARD")]
    tels = [text for text in texts if text.startswith("tel:")]
    assert (len(vcards), len(tels), len(texts)) == (1, 1, 2), texts
    return vcards[0], tels[0]
