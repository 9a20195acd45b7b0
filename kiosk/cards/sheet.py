"""Pages of wallet cards: one card per page pair, or sheets with crop marks on Letter or A4.

Why this shape: outreach workers print a group's cards on an office printer, duplex, and cut
them with a guillotine. Cards sit edge to edge in 2 columns, centred on the page, with crop
marks outside the grid on every cut line. Each sheet is a front page followed by its back
page; the back mirrors the columns, so after a long-edge duplex flip every back lands behind
its own front.

Why 10 cards on A4 but 8 on Letter: office printers leave the outer 4 to 6.35 mm of a page
blank, so every crop mark stays at least :data:`PRINTABLE_MARGIN` (6 mm) from each edge. Five
rows of 54 mm fill 270 mm: on A4 (297 mm) that leaves 13.5 mm above and below the grid, room
for the 1 mm gap and the 5 mm mark with 7.5 mm to spare. On Letter (279.4 mm) it leaves 4.7
mm, where the marks and the outer cards' edges would not print, so Letter takes 4 rows (31.7
mm above and below). Nine cards would fit on Letter only turned sideways in 3 columns, a
different cut sequence from A4's and cards the worker reads crosswise; 2 columns on both
papers keep one way of cutting: the long cuts down the marks first, then across. The number
a sheet holds is :data:`PER_SHEET`, per paper: the command's help and default count read it.

Every face in the document is drawn once as a PDF form and placed where it is needed, so a
thousand cards in one language cost one drawing and a thousand placements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.cards import drawing
from kiosk.cards.layout import CARD_HEIGHT, CARD_WIDTH, CardLayout, mm

PAGE_SIZES = {
    "letter": (mm(215.9), mm(279.4)),
    "a4": (mm(210.0), mm(297.0)),
}
PAPERS = ("card", *PAGE_SIZES)
# (columns, rows) of cards on each sheet paper: see the module's docstring for why.
GRIDS: Mapping[str, tuple[int, int]] = {"letter": (2, 4), "a4": (2, 5)}
PER_SHEET: Mapping[str, int] = {paper: columns * rows for paper, (columns, rows) in GRIDS.items()}
PRINTABLE_MARGIN = mm(6.0)  # what office printers leave blank at a page's edges, and more
CROP_OFFSET = mm(1.0)  # gap between a card's edge and its crop mark
CROP_LENGTH = mm(5.0)
CROP_WIDTH = 0.25


def per_sheet_text() -> str:
    """How many cards a sheet holds on each paper, for help texts: "8 on letter, 10 on a4"."""
    return ", ".join(f"{count} on {paper}" for paper, count in PER_SHEET.items())


@dataclass(frozen=True)
class Sheet:
    """Where the grid of cards sits on a page."""

    width: float
    height: float
    columns: int
    rows: int

    @classmethod
    def on(cls, paper: str) -> Sheet:
        """The sheet of ``paper`` (letter or a4) with its grid."""
        return cls(*PAGE_SIZES[paper], *GRIDS[paper])

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def left(self) -> float:
        return (self.width - self.columns * CARD_WIDTH) / 2

    @property
    def bottom(self) -> float:
        return (self.height - self.rows * CARD_HEIGHT) / 2

    def slot(self, index: int, back: bool = False) -> tuple[float, float]:
        """Lower-left corner of card ``index`` (row by row from the top left).

        On the back the columns are mirrored, for a long-edge duplex flip.
        """
        row, column = divmod(index, self.columns)
        if back:
            column = self.columns - 1 - column
        return (
            self.left + column * CARD_WIDTH,
            self.bottom + (self.rows - 1 - row) * CARD_HEIGHT,
        )

    def marks_margin(self) -> float:
        """The least distance between a crop mark and the page's edges."""
        reach = CROP_OFFSET + CROP_LENGTH
        return min(self.left - reach, self.bottom - reach)


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
    """Sheets of cards on ``paper`` (letter or a4): a front page, then its mirrored back."""
    sheet = Sheet.on(paper)
    canvas.setPageSize((sheet.width, sheet.height))
    forms = FaceForms(canvas)
    for first in range(0, len(cards), sheet.per_sheet):
        batch = cards[first : first + sheet.per_sheet]
        for back in (False, True):
            for index, card in enumerate(batch):
                forms.place(card, back, *sheet.slot(index, back))
            crop_marks(canvas, sheet, len(batch))
            canvas.showPage()


def crop_marks(canvas: Any, sheet: Sheet, count: int) -> None:
    """Short lines outside the grid on every cut line of the rows in use.

    The grids of :data:`GRIDS` leave room for whole marks at least :data:`PRINTABLE_MARGIN`
    from every edge, so no mark is shortened here.
    """
    rows = -(-count // sheet.columns)
    top = sheet.bottom + sheet.rows * CARD_HEIGHT
    bottom = top - rows * CARD_HEIGHT
    right = sheet.left + sheet.columns * CARD_WIDTH
    canvas.saveState()
    canvas.setLineWidth(CROP_WIDTH)
    canvas.setStrokeColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for column in range(sheet.columns + 1):
        x = sheet.left + column * CARD_WIDTH
        path.moveTo(x, top + CROP_OFFSET)
        path.lineTo(x, top + CROP_OFFSET + CROP_LENGTH)
        path.moveTo(x, bottom - CROP_OFFSET)
        path.lineTo(x, bottom - CROP_OFFSET - CROP_LENGTH)
    for row in range(rows + 1):
        y = top - row * CARD_HEIGHT
        path.moveTo(sheet.left - CROP_OFFSET, y)
        path.lineTo(sheet.left - CROP_OFFSET - CROP_LENGTH, y)
        path.moveTo(right + CROP_OFFSET, y)
        path.lineTo(right + CROP_OFFSET + CROP_LENGTH, y)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
