"""The two faces of a CR80 wallet card (85.6 x 54 mm): where each text and code goes.

Front: the key line about the worker's rights in a framed box, then one row per contact: its
name in the visitor's language with the English name under it, and its number, large.
Back: a vCard QR code holding every number (45 mm, for a phone at arm's length), and a
``tel:`` QR code for the tip line with the number printed under it. The vCard code's modules
are at least 0.55 mm, so a cheap print seen at an angle still reads; the vCard names the numbers
without their bracketed explanations, and in English where the visitor's language does not fit
(kiosk.cards.qr says which first); if even the English one is too big the card is refused.

Everything is in the visitor's language and in English, so a worker can show the card to
anyone; when the visitor's language is English (or a text has no translation yet) it is shown
once. A right-to-left language mirrors the front: names on the right, numbers on the left.

No text is printed under 6 pt (MIN_TEXT_PT, the floor of ID and wallet cards: smaller strokes
break apart on a 203 dpi black-and-white printer) and no phone number under 7 pt, bold. Where a
text would have to shrink below that, the card says less instead (:func:`_first_that_fits`):
the English line loses its bracketed explanation, then the English line goes, then the
visitor's line loses its explanation. A worker keeps the name in their language and every
number; the English names are for showing the card to others, who can read the number anyway.

Black and white: every text is solid black on white, never white on a colour band nor a grey,
which a dithering printer driver breaks into dots; the rights box is only framed in the brand
colour.

A layout is computed once per card content (:func:`layout`) and only drawn after that, so a
sheet of a thousand cards in one language costs one layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kiosk.bidi_text import phone_for_display
from kiosk.cards import fonts as card_fonts
from kiosk.cards import qr as card_qr
from kiosk.cards import text as card_text
from kiosk.cards.contacts import PhoneNumber
from kiosk.cards.qr import QrCode
from kiosk.cards.text import CENTER, LEFT, RIGHT, Fitted, Style
from kiosk.errors import CardError

MM = 72 / 25.4


def mm(value: float) -> float:
    """Millimetres to PDF points."""
    return value * MM


CARD_WIDTH_MM, CARD_HEIGHT_MM = 85.6, 54.0
CARD_WIDTH, CARD_HEIGHT = mm(CARD_WIDTH_MM), mm(CARD_HEIGHT_MM)

Color = tuple[float, float, float]
# Every text is solid black: a black-and-white printer, or the driver of one, prints any other
# shade as a pattern of dots, which breaks 6 pt strokes apart. The English line is set apart by
# its size and weight, not by a grey.
INK: Color = (0.0, 0.0, 0.0)
BRAND: Color = (0.043, 0.31, 0.424)
RULE: Color = (0.78, 0.82, 0.86)

MIN_TEXT_PT = 6.0
MIN_PHONE_PT = 7.0
RIGHTS_BOX_MM = 16.5  # the framed box of the rights line at the top of the front

# Back: the codes' sides (quiet zone included), the smallest module they may have, and so the
# largest symbol version each may be (a version v symbol is 4 v + 17 modules a side).
VCARD_QR_MM = 45.0
TEL_QR_MM = 22.0
MIN_MODULE_MM = 0.55  # a cheap print seen at an angle reads (see qr.py)
MAX_VCARD_VERSION = int((VCARD_QR_MM / MIN_MODULE_MM - 2 * card_qr.QUIET_ZONE - 17) // 4)
MAX_TEL_VERSION = int((TEL_QR_MM / MIN_MODULE_MM - 2 * card_qr.QUIET_ZONE - 17) // 4)

BOLD, REGULAR = card_fonts.BOLD, card_fonts.REGULAR
STACK_GAP = mm(0.5)


@dataclass(frozen=True)
class CardEntry:
    """One number on the card: the contact's id, its names and its phone number."""

    contact_id: str
    name: str  # in the visitor's language, or its fallback
    name_english: str
    phone: PhoneNumber


@dataclass(frozen=True)
class CardTexts:
    """The card's own words in one language (interface strings, translated by the catalogs)."""

    rights: str
    title: str
    scan: str
    call: str


@dataclass(frozen=True)
class CardContent:
    """Everything printed on one card, in one language."""

    language: str
    rtl: bool
    local: CardTexts
    english: CardTexts
    entries: tuple[CardEntry, ...]
    tip_line: CardEntry

    @property
    def vcard(self) -> str:
        """The vCard in the back's big QR code: the first of :attr:`vcard_steps` that fits."""
        return card_qr.fitting_vcard(self.vcard_steps, MAX_VCARD_VERSION)

    @property
    def short_vcard(self) -> str:
        """The smallest vCard the card may carry (refused with the card if even it is too big)."""
        return self.vcard_steps[-1]

    @property
    def vcard_steps(self) -> list[str]:
        """The vCards this card may carry, most in the visitor's language first (see qr.py)."""
        return card_qr.vcard_steps(
            card_qr.Words(self.local.title, self.english.title),
            [(card_qr.Words(e.name, e.name_english), e.phone) for e in self.entries],
        )

    @property
    def tel(self) -> str:
        return self.tip_line.phone.uri


@dataclass(frozen=True)
class Placed:
    """A fitted text at its place on a face: left edge, top (from the card's top), width."""

    fitted: Fitted
    x: float
    top: float
    width: float
    align: str
    color: Color


@dataclass(frozen=True)
class QrPlace:
    code: QrCode
    x: float
    top: float
    size: float

    @property
    def module_mm(self) -> float:
        return self.size / self.code.modules_with_quiet_zone / MM


@dataclass(frozen=True)
class CardLayout:
    content: CardContent
    front: tuple[Placed, ...]
    rules: tuple[tuple[float, float, float], ...]  # x0, x1, top of each thin line on the front
    back: tuple[Placed, ...]
    vcard_qr: QrPlace
    tel_qr: QrPlace


@dataclass(frozen=True)
class Item:
    """One text of a stack: what, how, which direction, what colour, and whose text it is."""

    text: str
    style: Style
    rtl: bool
    color: Color
    what: str


def _pair(
    local: str, english: str, rtl: bool, first: Style, second: Style, colors: tuple[Color, Color]
) -> list[Item]:
    """The visitor's text and the English one under it, or only one if they are the same."""
    what = "card text"
    if card_text.clean(local) == card_text.clean(english):
        return [Item(english, first, False, colors[0], what)]
    return [Item(local, first, rtl, colors[0], what), Item(english, second, False, colors[1], what)]


def _first_that_fits(
    candidates: Sequence[Sequence[Item]],
    x: float,
    top: float,
    width: float,
    height: float,
    align: str,
    middle: bool = True,
) -> list[Placed]:
    """The first of ``candidates`` (each a stack of texts, fullest first) that fits the box
    without any text going under its smallest size; CardError naming the last if none does."""
    error = CardError("nothing to place")
    for items in candidates:
        try:
            return stack(items, x, top, width, height, align, middle)
        except CardError as exc:
            error = exc
    raise error


def _said_less(
    local: str, english: str, rtl: bool, first: Style, second: Style, colors: tuple[Color, Color]
) -> list[list[Item]]:
    """The visitor's text with the English under it, then shorter ways to say the same: the
    English without its bracketed explanation, the visitor's text alone, then both short, then
    the visitor's short text alone. The visitor's words go last: they are what the worker reads
    (a name like "WorkSafeBC ... (dangerous work)" carries the English name in it anyway)."""
    short_local, short_english = card_qr.without_brackets(local), card_qr.without_brackets(english)
    candidates = [
        _pair(local, english, rtl, first, second, colors),
        _pair(local, short_english, rtl, first, second, colors),
        [Item(local, first, rtl, colors[0], "card text")],
        _pair(short_local, short_english, rtl, first, second, colors),
        [Item(short_local, first, rtl, colors[0], "card text")],
    ]
    unique: list[list[Item]] = []
    for candidate in candidates:
        if candidate not in unique:
            unique.append(candidate)
    return unique


def stack(
    items: Sequence[Item],
    x: float,
    top: float,
    width: float,
    height: float,
    align: str,
    middle: bool = True,
) -> list[Placed]:
    """Fit texts one under the other in a box, shrinking all together until they fit.

    The stack is centred vertically, or put at the top unless ``middle``. Raises CardError
    naming the text when even the smallest sizes do not fit.
    """
    factor = 1.0
    while True:
        fitted = []
        for item in items:
            style = item.style
            size = max(style.min_size, round(style.size * factor, 2))
            try:
                fitted.append(
                    card_text.fit(
                        item.text,
                        width,
                        float("inf"),
                        Style(size, style.min_size, style.weight, style.max_lines),
                        item.rtl,
                    )
                )
            except CardError as exc:
                raise CardError(f"{item.what}: {exc}") from exc
        total = sum(f.height for f in fitted) + STACK_GAP * (len(fitted) - 1)
        if total <= height + 1e-6:
            break
        if all(f.size <= i.style.min_size + 1e-9 for f, i in zip(fitted, items, strict=True)):
            shown = " / ".join(repr(card_text.clean(i.text)) for i in items)
            raise CardError(
                f"{items[0].what}: {shown} does not fit in {height / MM:.1f} mm of height "
                f"even at the smallest size"
            )
        factor -= 0.04
    placed = []
    cursor = top + (height - total) / 2 if middle else top
    for item, fit in zip(items, fitted, strict=True):
        placed.append(Placed(fit, x, cursor, width, align, item.color))
        cursor += fit.height + STACK_GAP
    return placed


@lru_cache(maxsize=64)
def layout(content: CardContent) -> CardLayout:
    """Where everything of ``content`` goes on both faces; raises CardError if it cannot fit."""
    try:
        back, vcard_qr, tel_qr = _back(content)  # first: too many contacts is said first
        front, rules = _front(content)
    except CardError as exc:
        raise CardError(f"card in {content.language!r}: {exc}") from exc
    return CardLayout(content, tuple(front), tuple(rules), tuple(back), vcard_qr, tel_qr)


def _front(content: CardContent) -> tuple[list[Placed], list[tuple[float, float, float]]]:
    rtl = content.rtl
    start = RIGHT if rtl else LEFT
    pad = mm(2.5)
    band_height = mm(RIGHTS_BOX_MM)
    placed = _first_that_fits(
        _said_less(
            content.local.rights,
            content.english.rights,
            rtl,
            Style(8.0, MIN_TEXT_PT, BOLD, 3),
            Style(6.5, MIN_TEXT_PT, REGULAR, 3),
            (INK, INK),
        ),
        pad + mm(2.0),
        pad + mm(1.0),
        CARD_WIDTH - 2 * pad - mm(4.0),
        band_height - mm(2.0),
        start,
    )
    margin = mm(3.0)
    phone_width = mm(24.0)
    name_width = CARD_WIDTH - 2 * margin - phone_width - mm(2.0)
    rows_top = pad + band_height + mm(1.0)
    row_height = (CARD_HEIGHT - pad - rows_top) / max(1, len(content.entries))
    name_x = margin + phone_width + mm(2.0) if rtl else margin
    phone_x = margin if rtl else CARD_WIDTH - margin - phone_width
    rules = []
    for index, entry in enumerate(content.entries):
        top = rows_top + index * row_height
        what = f"contact {entry.contact_id!r} name"
        candidates = [
            [Item(i.text, i.style, i.rtl, i.color, what) for i in items]
            for items in _said_less(
                entry.name,
                entry.name_english,
                rtl,
                Style(7.0, MIN_TEXT_PT, BOLD, 2),
                Style(MIN_TEXT_PT, MIN_TEXT_PT, REGULAR, 1),
                (INK, INK),
            )
        ]
        placed += _first_that_fits(
            candidates, name_x, top + mm(0.4), name_width, row_height - mm(0.8), start
        )
        placed += stack(
            [
                Item(
                    _phone(entry, content),
                    Style(9.0, MIN_PHONE_PT, BOLD),
                    False,
                    INK,
                    "phone number",
                )
            ],
            phone_x,
            top,
            phone_width,
            row_height,
            LEFT if rtl else RIGHT,
        )
        if index:
            rules.append((margin, CARD_WIDTH - margin, top))
    return placed, rules


def _back(content: CardContent) -> tuple[list[Placed], QrPlace, QrPlace]:
    rtl = content.rtl
    edge = mm(1.5)
    vcard_size = mm(VCARD_QR_MM)
    try:
        vcard_code = card_qr.make_qr(content.vcard, MAX_VCARD_VERSION)
    except CardError:
        # Graceful step: the names without their bracketed explanations, then give up.
        vcard_code = card_qr.make_qr(content.short_vcard, MAX_VCARD_VERSION)
    vcard_qr = QrPlace(vcard_code, edge, edge, vcard_size)
    caption_top = edge + vcard_size
    placed = _first_that_fits(
        _said_less(
            content.local.scan,
            content.english.scan,
            rtl,
            Style(6.5, MIN_TEXT_PT, BOLD, 2),
            Style(MIN_TEXT_PT, MIN_TEXT_PT, REGULAR, 1),
            (INK, INK),
        ),
        edge + mm(1.0),
        caption_top,
        vcard_size - mm(2.0),
        CARD_HEIGHT - caption_top - edge,
        CENTER,
        middle=False,
    )
    column_x = edge + vcard_size + mm(2.0)
    column_width = CARD_WIDTH - column_x - mm(1.5)
    placed += _first_that_fits(
        _said_less(
            content.local.title,
            content.english.title,
            rtl,
            Style(7.5, MIN_TEXT_PT, BOLD, 3),
            Style(MIN_TEXT_PT, MIN_TEXT_PT, REGULAR, 2),
            (INK, INK),
        ),
        column_x,
        mm(2.5),
        column_width,
        mm(10.0),
        CENTER,
    )
    tel_size = mm(TEL_QR_MM)
    tel_top = mm(13.0)
    tel_qr = QrPlace(
        card_qr.make_qr(content.tel, MAX_TEL_VERSION),
        column_x + (column_width - tel_size) / 2,
        tel_top,
        tel_size,
    )
    caption_top = tel_top + tel_size
    placed += _first_that_fits(
        _said_less(
            content.local.call,
            content.english.call,
            rtl,
            Style(6.5, MIN_TEXT_PT, BOLD, 2),
            Style(MIN_TEXT_PT, MIN_TEXT_PT, REGULAR, 2),
            (INK, INK),
        ),
        column_x,
        caption_top,
        column_width,
        mm(9.5),
        CENTER,
        middle=False,
    )
    placed += stack(
        [
            Item(
                _phone(content.tip_line, content),
                Style(10.0, MIN_PHONE_PT, BOLD),
                False,
                INK,
                "phone number",
            )
        ],
        column_x,
        caption_top + mm(9.5),
        column_width,
        CARD_HEIGHT - caption_top - mm(9.5) - mm(2.0),
        CENTER,
    )
    return placed, vcard_qr, tel_qr


def _phone(entry: CardEntry, content: CardContent) -> str:
    """A number as printed: in a box of its own, left to right, isolated like every number."""
    return phone_for_display(entry.phone, content.language)
