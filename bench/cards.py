"""Wallet card speed: one card next to a bare reportlab + qrcode card, sheets, a thousand cards.

Both single cards are made the same way in the same run, from nothing but loaded fonts: the
bare card draws the same words unshaped at fixed sizes and its two QR codes as images (the
usual reportlab + qrcode recipe); ours shapes, wraps and fits every text and draws vector
codes. Runs are interleaved so machine noise hits both alike, and timed in process CPU time,
which other processes on a shared machine do not inflate.

"cold" figures empty every cache of the card code first (layouts, shaped lines and their
measures, QR codes and their paths): what the first card or sheet in a language costs after
start-up, fonts loaded. "warm" figures repeat the
same job with those caches full, as a second sheet in that language. Single cards are cold.

Prints one ``name value unit`` line per figure, or one JSON object with ``--json``.

    python bench/cards.py [--runs 7] [--json] [--check]

Targets (issue #4): one card at most 2x the bare card; 1,000 cards at most 10 s. Guard (the
house issue): a cold 10-card sheet in one language at most 150 ms; ``--check`` fails above it.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from kiosk.cards import fonts as card_fonts
from kiosk.cards import layout as card_layout
from kiosk.cards import make as cards
from kiosk.cards import qr as card_qr
from kiosk.cards import text as card_text
from kiosk.cards.contacts import load_contacts
from kiosk.cards.layout import CARD_HEIGHT, CARD_WIDTH, CardContent, CardTexts, mm

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "kiosk" / "cards_data"
LANGUAGES = ("en", "fr", "es", "tl", "pa", "zh-Hans", "zh-Hant", "vi", "th", "ar")
COLD_SHEET_LIMIT_MS = 150.0  # sheet_10_one_language_cold_median


def contents() -> dict[str, CardContent]:
    """A card in every shipped language, with names and words in its own script."""
    texts = tomllib.loads((FIXTURE / "texts.toml").read_text(encoding="utf-8"))
    contacts = load_contacts(FIXTURE)
    made = {}
    for language in LANGUAGES:
        words = CardTexts(*(texts[key][language] for key in ("rights", "title", "scan", "call")))
        made[language] = cards.card_content(language, contacts, words)
    return made


def clear_caches() -> None:
    """Empty every cache of the card code: what the first card in a language pays for."""
    for cached in (
        card_layout.layout,
        card_qr.make_qr,
        card_qr.fits,
        card_qr.module_path,
        card_text.shape_line,
        card_text.fit,
        card_text._shaped,
        card_text._ink,
        card_text._piece_advance,
    ):
        cached.cache_clear()


def our_card(content: CardContent) -> bytes:
    clear_caches()
    return cards.render_pdf([content], "card")


def bare_card(content: CardContent) -> bytes:
    """The same card the plain way: unshaped strings at fixed sizes, QR codes as images."""
    regular = card_fonts.ensure_registered(card_fonts.face(card_fonts.LATIN, card_fonts.REGULAR))
    bold = card_fonts.ensure_registered(card_fonts.face(card_fonts.LATIN, card_fonts.BOLD))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(CARD_WIDTH, CARD_HEIGHT), initialFontName=regular)
    canvas.setFont(bold, 7)
    canvas.drawString(mm(4), CARD_HEIGHT - mm(6), content.local.rights[:60])
    canvas.setFont(regular, 6)
    canvas.drawString(mm(4), CARD_HEIGHT - mm(9), content.english.rights[:60])
    for index, entry in enumerate(content.entries):
        y = CARD_HEIGHT - mm(24 + 7.5 * index)
        canvas.setFont(bold, 7)
        canvas.drawString(mm(3), y, entry.name)
        canvas.setFont(regular, 5.5)
        canvas.drawString(mm(3), y - mm(2.5), entry.name_english)
        canvas.setFont(bold, 9)
        canvas.drawRightString(CARD_WIDTH - mm(3), y, entry.phone.display)
    canvas.showPage()
    for payload, x, size in ((content.vcard, mm(1.5), mm(45)), (content.tel, mm(55), mm(22))):
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
        code.add_data(payload.encode("utf-8"))
        code.make(fit=True)
        image = code.make_image().get_image()
        canvas.drawImage(ImageReader(image), x, CARD_HEIGHT - mm(1.5) - size, size, size)
    canvas.setFont(bold, 6.5)
    canvas.drawCentredString(mm(24), mm(4), content.local.scan)
    canvas.drawCentredString(mm(66), mm(4), content.local.call)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(action: Callable[[], object]) -> float:
    """Seconds of this process's CPU time: the work itself, not the other processes on a
    shared machine (all of it is single-threaded, so CPU time is the time it takes alone)."""
    started = time.process_time()
    action()
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="fail when over the guard")
    args = parser.parse_args()

    made = contents()
    for font_face in set(card_fonts.FACES.values()):  # fonts load once per process, for both
        card_fonts.ensure_registered(font_face)
    for content in made.values():  # warm both paths once: imports, first-use setup
        our_card(content)
        bare_card(content)

    ours: dict[str, list[float]] = {language: [] for language in LANGUAGES}
    bare: dict[str, list[float]] = {language: [] for language in LANGUAGES}
    for _ in range(args.runs):
        for language, content in made.items():
            bare[language].append(timed(lambda c=content: bare_card(c)))
            ours[language].append(timed(lambda c=content: our_card(c)))
    ratios = {lang: statistics.median(ours[lang]) / statistics.median(bare[lang]) for lang in made}

    sheet_cold, sheet_warm, mixed_cold, mixed_warm = [], [], [], []
    ten_mixed = [made[language] for language in LANGUAGES]
    for _ in range(args.runs):
        clear_caches()
        sheet_cold.append(timed(lambda: cards.render_pdf([made["pa"]] * 10, "a4")))
        sheet_warm.append(timed(lambda: cards.render_pdf([made["pa"]] * 10, "a4")))
        clear_caches()
        mixed_cold.append(timed(lambda: cards.render_pdf(ten_mixed, "a4")))
        mixed_warm.append(timed(lambda: cards.render_pdf(ten_mixed, "a4")))

    clear_caches()
    thousand_one = timed(lambda: cards.render_pdf([made["ar"]] * 1000, "letter"))
    clear_caches()
    thousand_mixed = timed(lambda: cards.render_pdf(ten_mixed * 100, "a4"))

    def ms(samples: list[float]) -> float:
        return round(statistics.median(samples) * 1000, 1)

    figures: dict[str, float | int | str] = {
        "card_cold_ours_median_ms": ms(ours["en"]),
        "card_cold_bare_median_ms": ms(bare["en"]),
        "card_ratio_ours_to_bare_en": round(ratios["en"], 2),
        "card_ratio_ours_to_bare_worst": round(max(ratios.values()), 2),
        "card_ratio_worst_language": max(ratios, key=lambda lang: ratios[lang]),
        "sheet_10_one_language_cold_median_ms": ms(sheet_cold),
        "sheet_10_one_language_warm_median_ms": ms(sheet_warm),
        "sheet_10_ten_languages_cold_median_ms": ms(mixed_cold),
        "sheet_10_ten_languages_warm_median_ms": ms(mixed_warm),
        "cards_1000_one_language_cold_s": round(thousand_one, 2),
        "cards_1000_ten_languages_cold_s": round(thousand_mixed, 2),
        "runs": args.runs,
    }
    for language in LANGUAGES:
        figures[f"card_ratio_{language}"] = round(ratios[language], 2)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            if name.endswith("_ms"):
                print(f"{name.removesuffix('_ms')} {value} ms")
            elif name.endswith("_s"):
                print(f"{name.removesuffix('_s')} {value} s")
            elif "ratio" in name and not isinstance(value, str):
                print(f"{name} {value} x")
            else:
                print(f"{name} {value}")
    cold_sheet = figures["sheet_10_one_language_cold_median_ms"]
    if args.check and isinstance(cold_sheet, float) and cold_sheet > COLD_SHEET_LIMIT_MS:
        print(f"cold 10-card sheet {cold_sheet} ms > {COLD_SHEET_LIMIT_MS:g} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
