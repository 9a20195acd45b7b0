"""The card's QR codes as a phone reads them: the text exactly, level M, UTF-8 named when needed.

Each code is drawn as an image from its modules (as the screen draws it) and read back by
zxing-cpp (the scanner library of most Android phones) and, for texts outside ASCII, by zbar,
which guessed the wrong character set before the codes named UTF-8. Whole cards, every
language, are read back and parsed as vCards in tests/kiosk/test_cards.py.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.cards import qr as card_qr
from kiosk.contact_rules import parse_phone
from kiosk.errors import CardError

_UTF8_ECI = "5D 51 32 5C 30 30 30 30 32 36"  # "]Q2\000026": the symbol says ECI 26, UTF-8


def code_image(code: card_qr.QrCode, scale: int = 4) -> Image.Image:
    """The code with its quiet zone, ``scale`` pixels a module, dark on white."""
    side = code.modules_with_quiet_zone
    image = Image.new("L", (side, side), 255)
    for row_index, row in enumerate(code.rows):
        for column, dark in enumerate(row):
            if dark:
                image.putpixel((column + card_qr.QUIET_ZONE, row_index + card_qr.QUIET_ZONE), 0)
    return image.resize((side * scale, side * scale), Image.Resampling.NEAREST)


def zxing_read(code: card_qr.QrCode) -> tuple[zxingcpp.Barcode, bool]:
    """The one code zxing-cpp finds in the code's image (its text as is, control characters
    too), and whether it names UTF-8."""
    image = code_image(code)
    formats = zxingcpp.BarcodeFormat.QRCode
    (read,) = zxingcpp.read_barcodes(image, formats=formats, text_mode=zxingcpp.TextMode.Plain)
    (raw,) = zxingcpp.read_barcodes(image, formats=formats, text_mode=zxingcpp.TextMode.HexECI)
    return read, raw.text.startswith(_UTF8_ECI)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(min_size=1, max_size=400),  # any Unicode
        st.text(alphabet="0123456789", min_size=1, max_size=600),
        st.text(alphabet="tel:+0123456789ABCXYZ abc-./\r\n", min_size=1, max_size=600),
    )
)
def test_a_reader_reads_the_text_exactly(payload: str) -> None:
    code = card_qr.make_qr(payload)
    read, named_utf8 = zxing_read(code)
    assert read.text == payload
    assert read.ec_level == "M"
    assert read.extra["Version"] == str(code.version)
    assert named_utf8 == code.utf8_eci == (not payload.isascii())


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg (zbar-tools)")
@pytest.mark.parametrize(
    "payload",
    [
        "Británica",  # zbar read it as "Brit獺nica" without the header
        "ਬੀ.ਸੀ. ਵਿੱਚ ਕਾਮਿਆਂ ਲਈ ਹੈਲਪਲਾਈਨਾਂ: 911",
        "خطوط المساعدة: 1-866-602-9448",
        "卑詩省工人求助熱線 / 卑诗省工人求助热线",
        "tel:+18666029448",
    ],
)
def test_zbar_reads_the_text_exactly(tmp_path: Path, payload: str) -> None:
    png = tmp_path / "code.png"
    code_image(card_qr.make_qr(payload), scale=6).save(png)
    zbar = subprocess.run(
        ["zbarimg", "-q", "--nodbus", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        check=True,
    )
    assert zbar.stdout.decode("utf-8") == payload + "\n"


def test_the_smallest_symbol_that_holds_the_payload() -> None:
    """The version is the least that fits: bounded one below it, the same payload is refused."""
    payload = "BEGIN:VCARD\r\nFN:Líneas de ayuda\r\n" + "TEL:+18666029448\r\n" * 20
    code = card_qr.make_qr(payload)
    assert code.modules == 4 * code.version + 17
    assert card_qr.make_qr(payload, code.version) == code
    with pytest.raises(CardError, match=f"larger than version {code.version - 1}"):
        card_qr.make_qr(payload, code.version - 1)


def test_a_tel_code_is_small() -> None:
    code = card_qr.make_qr("tel:+18666029448")
    assert (code.version, code.modules, code.utf8_eci) == (2, 25, False)


def test_too_much_data_is_a_card_error() -> None:
    with pytest.raises(CardError, match="do not fit one QR code"):
        card_qr.make_qr("x" * 2400)  # more than any version 40 symbol holds at level M


def _note_and_name(vcard: str) -> tuple[str, str]:
    lines = vcard.split("\r\n")
    name = next(line for line in lines if line.startswith("FN:")).removeprefix("FN:")
    note = next(line for line in lines if line.startswith("NOTE:")).removeprefix("NOTE:")
    return name, note


def test_the_vcard_gives_up_the_visitors_words_title_first_then_the_costliest_name() -> None:
    """Each step is smaller than the last: the explanations in brackets never go in, the title
    goes English first, then the name that costs the most bytes over its English one."""
    emergency, tip = parse_phone("911"), parse_phone("1-866-602-9448")
    steps = card_qr.vcard_steps(
        card_qr.Words("สายด่วนช่วยเหลือแรงงาน", "Help lines"),
        [
            (card_qr.Words("เหตุฉุกเฉิน (ตำรวจ)", "Emergency (police)"), emergency),
            (card_qr.Words("สายแจ้งเบาะแสของโครงการ", "Tip line"), tip),
        ],
    )
    assert [_note_and_name(step) for step in steps] == [
        ("สายด่วนช่วยเหลือแรงงาน", "เหตุฉุกเฉิน: 911\\nสายแจ้งเบาะแสของโครงการ: 1-866-602-9448"),
        ("Help lines", "เหตุฉุกเฉิน: 911\\nสายแจ้งเบาะแสของโครงการ: 1-866-602-9448"),
        ("Help lines", "เหตุฉุกเฉิน: 911\\nTip line: 1-866-602-9448"),
        ("Help lines", "Emergency: 911\\nTip line: 1-866-602-9448"),
    ]
    sizes = [len(step.encode()) for step in steps]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes)
    versions = [card_qr.make_qr(step).version for step in steps]
    assert card_qr.fitting_vcard(steps, versions[2]) == steps[2]  # the first that fits
    assert card_qr.fitting_vcard(steps, versions[0]) == steps[0]
    assert card_qr.fitting_vcard(steps, 1) == steps[-1]  # which make_qr then refuses


def test_an_english_card_has_one_vcard() -> None:
    title = card_qr.Words("Help lines", "Help lines")
    numbers = [(card_qr.Words("Emergency (police)", "Emergency (police)"), parse_phone("911"))]
    (only,) = card_qr.vcard_steps(title, numbers)
    assert _note_and_name(only) == ("Help lines", "Emergency: 911")
    assert "\r\nN:;Help lines\r\n" in only  # no empty components after the given name
