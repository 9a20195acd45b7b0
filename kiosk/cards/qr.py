"""The card's QR codes: a vCard 3.0 with the card's numbers, and a ``tel:`` for the tip line.

Why one vCard holding every number, rather than one vCard per contact: phone cameras (iOS
Camera, Google Lens and the ZXing family) import the first vCard of a QR code and ignore the
rest, so a set of vCards would save only the first number. One contact with every number is
saved whole with one tap.

Why plain ``TEL:`` lines and the names in a NOTE: readers of the ZXing family (the most common
scanner library on Android) read only properties that start a line, so grouped ``item1.TEL``
lines with an ``item1.X-ABLabel`` (Apple's way to name a number) saved a contact with a name
and no number. vCard 3.0 has no standard way to give a number a free-text label (TYPE takes a
fixed list of words), so each number is a plain TEL line in dialable form, and the NOTE says
which is which in the visitor's language ("Emergency: 911", one a line, numbers as printed on
the card); phones keep the note with the contact. The lines carry no ``TYPE=VOICE``: voice is
the default (RFC 2426), and those 11 bytes a number would make the code of five languages one
version denser, its modules smaller.

Why the contacts code says less than the card: it must still read when the card comes off a
cheap 150-dpi printer whose ink spreads (0.2 mm of blur) and a phone sees it turned 20 % away
(tests/kiosk/test_cards_degraded_print.py defines both). zbar stopped reading such a print at
version 15 (0.53 mm modules in the 45 mm code) for some payloads and at version 16 (0.51 mm) for
all; version 14 (0.56 mm) read in every language, so the layout keeps modules at 0.55 mm or
more, and a vCard has 361 bytes at level M. The card's numbers named in full in the visitor's
language took 424 to 736 bytes (versions 16 to 22), and Thai, Punjabi and Arabic take two or
three bytes a letter, so the vCard is the first of these that fits (:func:`vcard_steps`):

1. the card's title as the contact's name, each number named in the visitor's language, without
   the bracketed explanation the front prints ("Emergency", not "Emergency (police, fire,
   ambulance)");
2. the title in English: the name a worker looks the contact up by is printed under their own
   language's title on the card's back, while the names of the numbers are what they read when
   they need one;
3. one number's name after another in English, the one that costs the most bytes first: each is
   printed in English under the visitor's name on the front.

The title stays in both N and FN: iOS names a contact from N and Android's readers from FN. With
the shipped pack and catalogs (bytes, version, what stays in the visitor's language): zh-Hans and
zh-Hant 327 v13, everything; en 344 v14; tl 347 v14, every number's name; fr 357, es 343 and ar
361 v14, the emergency and WorkSafeBC names; pa 359 and vi 347 v14, the emergency name; th 344
v14, nothing: Thai letters are three bytes each (its names alone are 245 bytes, its title 117,
twice), so Thai gets the English vCard and its reader the names on the card's front. A card
whose English vCard does not fit is refused.

Codes use error correction level M (15 % of the symbol may be damaged), keep the 4-module quiet
zone the standard asks for, and are byte mode UTF-8. A payload with any character outside ASCII
starts with an ECI header naming UTF-8 (ISO/IEC 18004 7.4.2), so a reader need not guess:
without one, byte mode means ISO 8859-1 by the standard, and zbar guessed Shift JIS ("Brit獺nica"
for "Británica"). An all-ASCII payload (a ``tel:``, an English vCard) reads the same in every
one of them and goes without, for the oldest readers. The symbols come from segno, which writes
that header (qrcode cannot). A code is drawn as one filled path of vector rectangles, so it
stays sharp at any printer resolution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import segno

from kiosk.cards.contacts import PhoneNumber
from kiosk.errors import CardError

QUIET_ZONE = 4  # modules of white around the code (ISO/IEC 18004)
ERROR_CORRECTION = "M"
MAX_VERSION = 40  # the largest symbol there is; callers that know the printed size pass less


@dataclass(frozen=True)
class QrCode:
    """A QR code's payload and dark modules (rows top to bottom), without the quiet zone."""

    payload: str
    version: int
    rows: tuple[tuple[bool, ...], ...]
    utf8_eci: bool = False  # the data starts with an ECI header naming UTF-8

    @property
    def modules(self) -> int:
        """Modules per side, without the quiet zone."""
        return len(self.rows)

    @property
    def modules_with_quiet_zone(self) -> int:
        return self.modules + 2 * QUIET_ZONE


@lru_cache(maxsize=256)
def make_qr(payload: str, max_version: int = MAX_VERSION) -> QrCode:
    """Encode ``payload`` in the smallest symbol that holds it (UTF-8, level M, best mask).

    CardError if that symbol is larger than ``max_version``: a code too dense for its printed
    size is one no phone reads, so the caller is told rather than handed it. A payload that is
    not all ASCII starts with the ECI header naming UTF-8.
    """
    utf8_eci = not payload.isascii()
    try:
        symbol = segno.make(
            payload,
            error=ERROR_CORRECTION,
            encoding="utf-8",
            eci=utf8_eci,
            micro=False,
            boost_error=False,  # level M as documented, not raised where it happens to fit
        )
    except segno.DataOverflowError as exc:
        raise CardError(_too_big(payload, max_version)) from exc
    version = int(symbol.version)
    if version > max_version:
        raise CardError(_too_big(payload, max_version))
    rows = tuple(tuple(map(bool, row)) for row in symbol.matrix)
    return QrCode(payload, version, rows, utf8_eci)


def _too_big(payload: str, max_version: int) -> str:
    return (
        f"the contacts do not fit one QR code that a phone can read on the card: "
        f"{len(payload.encode('utf-8'))} bytes need a code larger than version {max_version}; "
        "put fewer contacts on the card or shorten their names"
    )


def vcard_text(value: str) -> str:
    """Escape a vCard 3.0 text value (RFC 2426 section 4)."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


_BRACKETED = re.compile("\\s*[(\uff08][^()\uff08\uff09]*[)\uff09]")  # ASCII or full-width


def without_brackets(name: str) -> str:
    """``name`` without its bracketed explanations: "Emergency (police, fire)" -> "Emergency"."""
    short = " ".join(_BRACKETED.sub("", name).split())
    return short or name


def vcard(title: str, numbers: Sequence[tuple[str, PhoneNumber]]) -> str:
    """One vCard 3.0 named ``title`` with a number per (label, phone) pair, in their order.

    Each number is a plain ``TEL:`` line in dialable form; the NOTE names them, one
    ``label: number`` line each, with the number as printed on the card. N gives the title as
    the given name and stops there: RFC 2426 lets the empty components after it go unwritten,
    and those three bytes let one more name stay in the visitor's language (Punjabi).
    """
    name = vcard_text(title)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:;{name}", f"FN:{name}"]
    lines += [f"TEL:{phone.dial}" for _label, phone in numbers]  # voice by default
    if numbers:
        note = "\n".join(f"{label}: {phone.display}" for label, phone in numbers)
        lines.append(f"NOTE:{vcard_text(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


@dataclass(frozen=True)
class Words:
    """A text in the visitor's language and in English (the same text when they read English)."""

    local: str
    english: str


def vcard_steps(title: Words, numbers: Sequence[tuple[Words, PhoneNumber]]) -> list[str]:
    """The vCards a card may carry, from the one most in the visitor's language to the smallest.

    Every step names the numbers without their bracketed explanations. First the title and
    every name in the visitor's language; then the title in English; then, one at a time, the
    name that costs the most bytes more than its English one in English too, until every name
    that is shorter in English is. Each step is smaller than the one before it.
    """
    names = [
        Words(without_brackets(words.local), without_brackets(words.english))
        for words, _phone in numbers
    ]
    phones = [phone for _words, phone in numbers]
    labels = [words.local for words in names]
    steps = [vcard(title.local, list(zip(labels, phones, strict=True)))]
    name = title.local
    if len(title.english.encode()) < len(title.local.encode()):
        name = title.english
        steps.append(vcard(name, list(zip(labels, phones, strict=True))))
    saved = sorted(
        (len(words.local.encode()) - len(words.english.encode()), index)
        for index, words in enumerate(names)
    )
    for saving, index in reversed(saved):  # on a tie the later number goes English first
        if saving <= 0:
            break
        labels[index] = names[index].english
        steps.append(vcard(name, list(zip(labels, phones, strict=True))))
    return steps


def fitting_vcard(steps: Sequence[str], max_version: int) -> str:
    """The first of ``steps`` that fits a symbol no larger than ``max_version``, else the last
    (which :func:`make_qr` then refuses with CardError)."""
    return next((step for step in steps if fits(step, max_version)), steps[-1])


@lru_cache(maxsize=256)
def fits(payload: str, max_version: int) -> bool:
    """Whether :func:`make_qr` would put ``payload`` in a symbol no larger than ``max_version``.

    Asked of segno at that version with one fixed mask: a payload too big is told before any
    symbol is built, and one that fits costs one mask rather than the eight the best-mask
    search tries, so trying a card's vCards one by one does not build a symbol for each
    (a Thai card spent 0.22 s in them before).
    """
    try:
        segno.make(
            payload,
            error=ERROR_CORRECTION,
            version=max_version,
            mask=0,
            encoding="utf-8",
            eci=not payload.isascii(),
            micro=False,
            boost_error=False,
        )
    except segno.DataOverflowError:
        return False
    return True


@lru_cache(maxsize=256)
def module_path(code: QrCode) -> str:
    """The dark modules as PDF rectangles (``re``) in module units, y up, quiet zone included.

    The dark modules of each row are merged into one rectangle per run; each reaches a hair
    (0.02 module) into the row below, so no seam shows between rows when rasterised.
    """
    side = code.modules_with_quiet_zone
    operations = []
    for row_index, row in enumerate(code.rows):
        bottom = side - QUIET_ZONE - row_index - 1 - 0.02
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            operations.append(f"{QUIET_ZONE + start} {bottom:g} {column - start} 1.02 re")
    return "\n".join(operations)


def draw_qr(canvas: Any, code: QrCode, x: float, y: float, size: float) -> float:
    """Draw ``code`` with its quiet zone in the square at (``x``, ``y``) lower left, ``size`` wide.

    Returns the size of one module, in points. The code is one filled path of rectangles
    (:func:`module_path`, made once per code) placed with a scaling matrix.
    """
    module = size / code.modules_with_quiet_zone
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(
        f"q {module:.6f} 0 0 {module:.6f} {x:.4f} {y:.4f} cm\n{module_path(code)}\nf Q"
    )
    canvas.restoreState()
    return module
