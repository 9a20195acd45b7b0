"""Pages of wallet cards: one card per page pair, or 10 up on Letter or A4 with crop marks.

Why this shape: outreach workers print a group's cards on an office printer, duplex, and cut
them with a guillotine. Cards sit edge to edge in 2 columns x 5 rows, centred on the page, with
crop marks outside the grid on every cut line. Each sheet is a front page followed by its back
page; the back mirrors the columns, so after a long-edge duplex flip every back lands behind its
own front.

Every face in the document is drawn once as a PDF form and placed where it is needed, so a
thousand cards in one language cost one drawing and a thousand placements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.cards import drawing
from kiosk.cards.layout import CARD_HEIGHT, CARD_WIDTH, CardLayout, mm

COLUMNS, ROWS = 2, 5
PER_SHEET = COLUMNS * ROWS
PAGE_SIZES = {
    "letter": (mm(215.9), mm(279.4)),
    "a4": (mm(210.0), mm(297.0)),
}
PAPERS = ("card", *PAGE_SIZES)
CROP_OFFSET = mm(1.0)  # gap between a card's edge and its crop mark
CROP_LENGTH = mm(5.0)
CROP_WIDTH = 0.25


@dataclass(frozen=True)
class Sheet:
    """Where the 2 x 5 grid sits on a page."""

    width: float
    height: float

    @property
    def left(self) -> float:
        return (self.width - COLUMNS * CARD_WIDTH) / 2

    @property
    def bottom(self) -> float:
        return (self.height - ROWS * CARD_HEIGHT) / 2

    def slot(self, index: int, back: bool = False) -> tuple[float, float]:
        """Lower-left corner of card ``index`` (0..9, row by row from the top left).

        On the back the columns are mirrored, for a long-edge duplex flip.
        """
        row, column = divmod(index, COLUMNS)
        if back:
            column = COLUMNS - 1 - column
        return self.left + column * CARD_WIDTH, self.bottom + (ROWS - 1 - row) * CARD_HEIGHT


class FaceForms:
    """Each distinct card face, drawn once as a PDF form XObject."""

    def __init__(self, canvas: Any):
        self._canvas = canvas
        self._names: dict[tuple[int, bool], str] = {}

    def place(self, card: CardLayout, back: bool, x: float, y: float) -> None:
        key = (id(card), back)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = f"card{len(self._names)}{'b' if back else 'f'}"
            self._canvas.beginForm(name, 0, 0, CARD_WIDTH, CARD_HEIGHT)
            (drawing.back if back else drawing.front)(self._canvas, card)
            self._canvas.endForm()
        self._canvas.saveState()
        self._canvas.translate(x, y)
        self._canvas.doForm(name)
        self._canvas.restoreState()


def draw_single(canvas: Any, cards: Sequence[CardLayout]) -> None:
    """Card-sized pages: front then back of each card, for a card printer."""
    canvas.setPageSize((CARD_WIDTH, CARD_HEIGHT))
    forms = FaceForms(canvas)
    for card in cards:
        for back in (False, True):
            forms.place(card, back, 0, 0)
            canvas.showPage()


def draw_sheets(canvas: Any, cards: Sequence[CardLayout], paper: str) -> None:
    """10 cards a sheet on ``paper`` (letter or a4): a front page, then its mirrored back."""
    sheet = Sheet(*PAGE_SIZES[paper])
    canvas.setPageSize((sheet.width, sheet.height))
    forms = FaceForms(canvas)
    for first in range(0, len(cards), PER_SHEET):
        batch = cards[first : first + PER_SHEET]
        for back in (False, True):
            for index, card in enumerate(batch):
                forms.place(card, back, *sheet.slot(index, back))
            crop_marks(canvas, sheet, len(batch))
            canvas.showPage()


def crop_marks(canvas: Any, sheet: Sheet, count: int) -> None:
    """Short lines outside the grid on every cut line of the rows in use."""
    rows = -(-count // COLUMNS)
    top = sheet.bottom + ROWS * CARD_HEIGHT
    bottom = top - rows * CARD_HEIGHT
    right = sheet.left + COLUMNS * CARD_WIDTH
    vertical = max(0.0, min(CROP_LENGTH, sheet.height - top - CROP_OFFSET))
    horizontal = max(0.0, min(CROP_LENGTH, sheet.left - CROP_OFFSET))
    canvas.saveState()
    canvas.setLineWidth(CROP_WIDTH)
    canvas.setStrokeColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for column in range(COLUMNS + 1):
        x = sheet.left + column * CARD_WIDTH
        path.moveTo(x, top + CROP_OFFSET)
        path.lineTo(x, top + CROP_OFFSET + vertical)
        path.moveTo(x, bottom - CROP_OFFSET)
        path.lineTo(x, bottom - CROP_OFFSET - vertical)
    for row in range(rows + 1):
        y = top - row * CARD_HEIGHT
        path.moveTo(sheet.left - CROP_OFFSET, y)
        path.lineTo(sheet.left - CROP_OFFSET - horizontal, y)
        path.moveTo(right + CROP_OFFSET, y)
        path.lineTo(right + CROP_OFFSET + horizontal, y)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
