"""The funder report's text in either direction: a paragraph for reportlab's page layout.

Why two ways: reportlab's Paragraph wraps and draws left to right; it would apply the bidi
algorithm only with its optional ``rlbidi`` extension, which this kiosk does not ship. An Arabic
report drawn by it had its words and its numbers in reverse order. A report in a right-to-left
language is therefore laid out by the wallet cards' text engine (:mod:`kiosk.cards.text`): the
Unicode bidi algorithm with numbers and Latin runs isolated (:mod:`kiosk.bidi_text`), HarfBuzz
shaping and a font per script, lines wrapped at spaces and right-aligned. Left-to-right reports
keep reportlab's own Paragraph.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Paragraph  # type: ignore[import-untyped]

from kiosk.cards import fonts as card_fonts
from kiosk.cards import text as card_text
from sync.stats import charts as stats_charts

MAX_LINES = 200  # a paragraph of the report is never near this
SMALLEST = 0.6  # of the style's size: a word wider than its column is shrunk, never cut


class ShapedParagraph(Flowable):  # type: ignore[misc]
    """``text`` in ``style``'s size and colour, wrapped to the width it is given."""

    def __init__(self, text: str, style: ParagraphStyle, bold: bool = False, rtl: bool = True):
        super().__init__()
        self.text = text
        self.style = style
        self.bold = bold
        self.rtl = rtl
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.fitted: card_text.Fitted | None = None

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        size = float(self.style.fontSize)
        weight = card_fonts.BOLD if self.bold else card_fonts.REGULAR
        self.fitted = card_text.fit(
            self.text,
            available_width,
            float("inf"),
            card_text.Style(size, round(size * SMALLEST, 2), weight, MAX_LINES),
            self.rtl,
        )
        self.width = available_width
        self.height = self.fitted.height + self._padding()
        return self.width, self.height

    def _padding(self) -> float:
        """Room above and below the ink, as the style's leading asks for."""
        return max(0.0, float(self.style.leading) - float(self.style.fontSize))

    def draw(self) -> None:
        if self.fitted is None:
            return
        canvas: Any = self.canv
        canvas.setFillColor(self.style.textColor)
        canvas.setStrokeColor(self.style.textColor)
        align = card_text.RIGHT if self.rtl else card_text.LEFT
        top = self.height - self._padding() / 2
        card_text.draw(canvas, self.fitted, 0, top, self.width, align)


def paragraph(text: str, style: ParagraphStyle, rtl: bool, bold: bool = False) -> Any:
    """A flowable showing ``text``: shaped by kiosk.cards.text if ``rtl``, else a Paragraph."""
    if rtl:
        return ShapedParagraph(text, style, bold)
    return Paragraph(stats_charts.markup(text, bold), style)


def draw_line(canvas: Any, text: str, x: float, y: float, width: float, size: float) -> None:
    """One right-to-left line (the page footer) with its baseline at ``y``, right-aligned."""
    fitted = card_text.fit(text, width, size * 3, card_text.Style(size, size * SMALLEST), True)
    card_text.draw(canvas, fitted, x, y + fitted.baselines[0], width, card_text.RIGHT)
