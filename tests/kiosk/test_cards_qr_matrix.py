"""The fast QR builder makes exactly the symbols qrcode makes: same version, mask and modules.

qrcode is the reference here (its symbols are what the cards printed before, and phones and
zbar read them in tests/kiosk/test_cards.py). Payloads are random bytes, digits and QR
alphanumerics, so byte, numeric and alphanumeric segments, every mask and versions with and
without version information all occur.

qrcode cannot write an ECI header; for symbols that name UTF-8 with one, segno (which can) is
the reference, given the mask ours chose, and zbar and zxing-cpp must read them back.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
import qrcode
import segno
import zxingcpp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from kiosk.cards import qr as card_qr
from kiosk.cards import qr_matrix as card_qr_matrix
from kiosk.errors import CardError

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def reference(payload: bytes) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    assert code.version is not None
    return code.version, tuple(tuple(bool(cell) for cell in row) for row in code.modules)


def ours(payload: bytes) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    parts = card_qr_matrix.segments(payload)
    version = card_qr_matrix.fit_version(parts)
    return version, card_qr_matrix.build(parts, version).row_booleans()


payloads = st.one_of(
    st.binary(min_size=1, max_size=1200),
    st.text(alphabet="0123456789", min_size=1, max_size=1500).map(str.encode),
    st.text(alphabet=ALPHANUMERIC + "abcxyz", min_size=1, max_size=1200).map(str.encode),
    st.text(min_size=1, max_size=300).map(str.encode),  # any Unicode, as UTF-8
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
def test_same_symbol_as_qrcode(payload: bytes) -> None:
    assert ours(payload) == reference(payload)


def test_same_symbol_as_qrcode_for_every_mask_and_many_versions() -> None:
    """A fixed sample that certainly reaches every mask and versions 1 to 25."""
    chooser = random.Random(20261122)
    masks, versions = set(), set()
    for length in [*range(1, 40, 3), *range(40, 1000, 37)]:
        payload = bytes(chooser.randrange(256) for _ in range(length))
        parts = card_qr_matrix.segments(payload)
        version = card_qr_matrix.fit_version(parts)
        matrix = card_qr_matrix.build(parts, version)
        assert (version, matrix.row_booleans()) == reference(payload), length
        masks.add(matrix.mask)
        versions.add(version)
    assert masks == set(range(8))
    assert {1, 2, 7, 10, 20} <= versions


def test_penalty_is_qrcodes() -> None:
    chooser = random.Random(7)
    for size in (21, 25, 45, 77, 109, 177):
        for density in (1, 2, 3):  # about 1/2, 1/4 and 1/8 dark: long runs and many blocks
            rows = []
            for _ in range(size):
                row = chooser.getrandbits(size)
                for _ in range(density - 1):
                    row &= chooser.getrandbits(size)
                rows.append(row)
            modules = [[bool(row >> (size - 1 - c) & 1) for c in range(size)] for row in rows]
            assert card_qr_matrix.penalty(rows, size) == util.lost_point(modules)


def test_too_much_data() -> None:
    parts = card_qr_matrix.segments(bytes(2400))
    with pytest.raises(DataOverflowError):
        card_qr_matrix.fit_version(parts)
    with pytest.raises(CardError, match="do not fit one QR code"):
        card_qr.make_qr("x" * 2400)


def test_make_qr_rows_and_version() -> None:
    code = card_qr.make_qr("tel:+18666029448")
    assert (code.version, code.rows) == reference(b"tel:+18666029448")
    assert code.modules == 25


def with_utf8_eci(text: str) -> tuple[int, card_qr_matrix.Matrix]:
    parts = card_qr_matrix.segments(text.encode("utf-8"))
    assert len(parts) == 1 and parts[0].mode == util.MODE_8BIT_BYTE  # as segno writes it
    version = card_qr_matrix.fit_version(parts, eci=card_qr_matrix.ECI_UTF8)
    return version, card_qr_matrix.build(parts, version, card_qr_matrix.ECI_UTF8)


def segnos(text: str, mask: int) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    """segno's symbol for ``text`` as UTF-8 behind an ECI header, level M, with ``mask``."""
    code = segno.make(
        text, error="m", mask=mask, encoding="utf-8", eci=True, micro=False, boost_error=False
    )
    assert isinstance(code.version, int)
    return code.version, tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400))
def test_utf8_eci_symbol_is_segnos(text: str) -> None:
    parts = card_qr_matrix.segments(text.encode("utf-8"))
    assume(len(parts) == 1 and parts[0].mode == util.MODE_8BIT_BYTE)  # no digit runs split off
    version, matrix = with_utf8_eci(text)
    assert (version, matrix.row_booleans()) == segnos(text, matrix.mask)


def test_utf8_eci_symbols_for_every_mask_and_many_versions() -> None:
    chooser = random.Random(20261123)
    alphabet = "aá ñਬੀخط卑詩ไทย,;:\n5"
    masks, versions = set(), set()
    for length in [*range(1, 40, 3), *range(40, 700, 23)]:
        text = "á" + "".join(chooser.choice(alphabet) for _ in range(length))
        version, matrix = with_utf8_eci(text)
        assert (version, matrix.row_booleans()) == segnos(text, matrix.mask), length
        masks.add(matrix.mask)
        versions.add(version)
    assert masks == set(range(8))
    assert {1, 2} <= versions and max(versions) >= 20 and len(versions) >= 15


def test_the_eci_header_takes_twelve_bits() -> None:
    """At the edge of a version's capacity the header is what moves the data to the next."""
    limit = util.BIT_LIMIT_TABLE[card_qr_matrix.ERROR_CORRECTION][5]  # 864 bits at 5-M
    fits = b"\xc3\xa1" * ((limit - 4 - 8) // 16)  # byte mode: 4 + 8 count bits, 8 per byte
    parts = card_qr_matrix.segments(fits)
    assert card_qr_matrix.fit_version(parts) == 5
    assert 4 + 8 + 8 * len(fits) + 12 > limit
    assert card_qr_matrix.fit_version(parts, eci=card_qr_matrix.ECI_UTF8) == 6
    with pytest.raises(ValueError, match="ECI designator 300"):
        card_qr_matrix.build(parts, 6, eci=300)


def code_image(code: card_qr.QrCode, path: Path, scale: int = 6) -> Path:
    side = code.modules_with_quiet_zone
    image = Image.new("L", (side, side), 255)
    for row_index, row in enumerate(code.rows):
        for column, dark in enumerate(row):
            if dark:
                image.putpixel((column + card_qr.QUIET_ZONE, row_index + card_qr.QUIET_ZONE), 0)
    image.resize((side * scale, side * scale), Image.Resampling.NEAREST).save(path)
    return path


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
def test_make_qr_names_utf8_when_it_is_not_ascii(tmp_path: Path, payload: str) -> None:
    """Both decoders read the text exactly; only a payload outside ASCII has the header."""
    code = card_qr.make_qr(payload)
    png = code_image(code, tmp_path / "code.png")
    zbar = subprocess.run(
        ["zbarimg", "-q", "--nodbus", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        check=True,
    )
    assert zbar.stdout.decode("utf-8") == payload + "\n"
    (read,) = zxingcpp.read_barcodes(Image.open(png))
    assert read.text == payload
    (raw,) = zxingcpp.read_barcodes(Image.open(png), text_mode=zxingcpp.TextMode.HexECI)
    named_utf8 = raw.text.startswith("5D 51 32 5C 30 30 30 30 32 36")  # "]Q2\000026"
    assert named_utf8 == (not payload.isascii())
    assert code.utf8_eci == named_utf8
