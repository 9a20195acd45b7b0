"""The card's codes survive a cheap print seen at an angle, in every language of the shipped pack.

Each card back is made by the real pipeline (the PDF, rendered by poppler's pdftoppm) and then
spoiled the way a worn-out office printer and a hurried phone spoil it:

- rendered at 150 dpi (coarser than any card printer, so a module is only about three dots);
- blurred by 0.2 mm: a Gaussian whose standard deviation is 0.2 mm, for ink that spreads and a
  camera slightly out of focus;
- thresholded to 1 bit at mid-grey, so there is no grey left for a decoder to interpolate;
- tilted 20 %: the card turned about its vertical centre line until it looks 20 % narrower
  (cos 36.9 deg = 0.8), the side with the contacts code away from the camera, seen through a
  pinhole camera 300 mm from the card (a phone held at reading distance), so that the far edge
  is also shorter than the near one (84 % of its height).

Both codes of the back must then be read, with the exact text printed, by zbar and by zxing-cpp
(the scanner library of most Android phones). With modules of 0.40 to 0.51 mm (versions 16 to
22) zbar read no language's contacts code after this, and zxing-cpp only those at version 16
(en, zh-Hans, zh-Hant); version 15 (0.53 mm) read for some payloads and not others, version 14
(0.56 mm) for all that were tried, hence the layout's smallest module (kiosk.cards.qr).

No skip: poppler-utils and zbar-tools are declared dependencies of the tests, and a missing one
is a failure here, not a quiet pass.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).parent))

from card_codes import render, vcard_and_tel, zbar_texts, zxing_reads

from kiosk.cards import layout as card_layout
from kiosk.cards import make as cards
from kiosk.packs.load import load_pack

PRINT_DPI = 150
BLUR_MM = 0.2
TILT = 0.2  # how much narrower the turned card looks
CAMERA_MM = 300.0  # from the pinhole to the card's centre
PACK_LANGUAGES = load_pack().languages


def cheap_print(page: Image.Image, dpi: int = PRINT_DPI) -> Image.Image:
    """``page`` blurred by :data:`BLUR_MM`, cut to black and white, then seen tilted."""
    blurred = page.convert("L").filter(ImageFilter.GaussianBlur(BLUR_MM / 25.4 * dpi))
    ink = blurred.point(lambda value: 255 if value >= 128 else 0).convert("1")
    return tilted(framed(ink.convert("L")), TILT, CAMERA_MM / 25.4 * dpi)


def framed(page: Image.Image, margin: float = 0.15) -> Image.Image:
    """``page`` on a white ground ``margin`` (a fraction of its size) wider on every side, so
    that the side turned towards the camera, which grows, stays in the picture."""
    width, height = page.size
    dx, dy = round(width * margin), round(height * margin)
    ground = Image.new("L", (width + 2 * dx, height + 2 * dy), 255)
    ground.paste(page, (dx, dy))
    return ground


def tilted(image: Image.Image, narrower: float, distance: float) -> Image.Image:
    """``image`` turned about its vertical centre line, left side away, until it looks
    ``narrower`` (a fraction) less wide, seen by a pinhole ``distance`` pixels from its centre.

    A point ``x`` from the centre line (``y`` from the middle) goes ``x sin a`` farther from the
    camera and shows at ``x cos a`` across, both shrunk by ``distance / (distance + depth)``.
    """
    width, height = image.size
    cos_a = 1 - narrower
    sin_a = math.sqrt(1 - cos_a * cos_a)

    def seen(x: float, y: float) -> tuple[float, float]:
        across, down = x - width / 2, y - height / 2
        shrink = distance / (distance - across * sin_a)  # negative across: the far side
        return width / 2 + across * cos_a * shrink, height / 2 + down * shrink

    corners = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    coefficients = _perspective([seen(x, y) for x, y in corners], corners)
    return image.transform(
        image.size,
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BILINEAR,
        fillcolor=255,
    )


def _perspective(
    seen: list[tuple[float, float]], page: list[tuple[float, float]]
) -> tuple[float, ...]:
    """Pillow's eight coefficients mapping each point of ``seen`` back to its ``page`` point
    (a homography from four pairs, solved by Gauss-Jordan elimination)."""
    rows = []
    for (x, y), (u, v) in zip(seen, page, strict=True):
        rows.append([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u])
        rows.append([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v])
    for i in range(8):
        pivot = max(range(i, 8), key=lambda r: abs(rows[r][i]))
        rows[i], rows[pivot] = rows[pivot], rows[i]
        for r in range(8):
            if r != i:
                factor = rows[r][i] / rows[i][i]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[i], strict=True)]
    return tuple(rows[i][8] / rows[i][i] for i in range(8))


def test_the_tilt_is_what_it_says() -> None:
    """A page with a black border: 20 % narrower, its far (left) edge as much shorter than its
    near edge as the pinhole's distances to them say."""
    side, distance = 400, 1600.0
    page = Image.new("L", (side, side), 0)
    page.paste(255, (6, 6, side - 6, side - 6))
    seen = tilted(framed(page), TILT, distance)
    middle = seen.height // 2
    row = [x for x in range(seen.width) if seen.getpixel((x, middle)) < 128]
    assert (max(row) - min(row)) / side == pytest.approx(1 - TILT, abs=0.01)

    def edge_height(x: int) -> int:
        column = [y for y in range(seen.height) if seen.getpixel((x, y)) < 128]
        return max(column) - min(column)

    depth = side / 2 * math.sqrt(1 - (1 - TILT) ** 2)
    far, near = edge_height(min(row) + 2), edge_height(max(row) - 2)
    assert far / near == pytest.approx((distance - depth) / (distance + depth), abs=0.01)


@pytest.mark.parametrize("language", PACK_LANGUAGES)
def test_a_cheap_print_seen_at_an_angle_still_reads(tmp_path: Path, language: str) -> None:
    card = cards.pack_card(language, load_pack())
    pdf = tmp_path / f"card-{language}.pdf"
    cards.render_pdf([card], "card", pdf)
    _front, back = render(pdf, PRINT_DPI)
    spoiled = tmp_path / f"spoiled-{language}.png"
    with Image.open(back) as page:
        cheap_print(page).save(spoiled)
    placed = card_layout.layout(card)
    printed = (placed.vcard_qr.code.payload, placed.tel_qr.code.payload)
    assert vcard_and_tel(zbar_texts(spoiled)) == printed, "zbar"
    assert vcard_and_tel([read.text for read in zxing_reads(spoiled)]) == printed, "zxing-cpp"
