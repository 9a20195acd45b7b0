"""The funder report's charts and text runs, drawn with reportlab alone (no Qt).

Why its own fonts: the report is read on paper and on any computer, so it embeds the shipped
Noto fonts (the wallet cards' fonts, ``kiosk.cards.fonts``). reportlab draws a string in one font
and never falls back, so a line with names in several scripts (a Punjabi or Chinese language
name in a Spanish report) is cut into runs, each with a font that has its glyphs.

Hidden numbers (``<5``, ``x``) have no value to draw: their bars are left out and lines break
at them, which the report says under each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import (  # type: ignore[import-untyped]
    HorizontalBarChart,
    VerticalBarChart,
)
from reportlab.graphics.charts.legends import Legend  # type: ignore[import-untyped]
from reportlab.graphics.charts.linecharts import HorizontalLineChart  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.graphics.widgets.markers import makeMarker  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]

from kiosk.cards import fonts as card_fonts
from kiosk.errors import CardError
from sync.stats import timeline

PALETTE = (
    colors.HexColor("#0b4f6c"),
    colors.HexColor("#d1861f"),
    colors.HexColor("#1d6b3a"),
    colors.HexColor("#8c3b59"),
)
AXIS_FONT_SIZE = 8
INK = colors.HexColor("#1c2530")


def font(bold: bool = False) -> str:
    """The reportlab name of the report's Latin font (registered on first use)."""
    weight = card_fonts.BOLD if bold else card_fonts.REGULAR
    return card_fonts.ensure_registered(card_fonts.face(card_fonts.LATIN, weight))


def font_for(text: str, bold: bool = False) -> str:
    """The font for a short label: the one that draws its first letter of its own script."""
    weight = card_fonts.BOLD if bold else card_fonts.REGULAR
    for char in text:
        if card_fonts.script_of(char) is not None:
            try:
                return card_fonts.ensure_registered(card_fonts.face_for(char, weight))
            except CardError:
                break
    return font(bold)


def markup(text: str, bold: bool = False) -> str:
    """``text`` escaped for a reportlab Paragraph, with a <font> tag around each script's run."""
    weight = card_fonts.BOLD if bold else card_fonts.REGULAR
    runs: list[tuple[str, str]] = []
    current: card_fonts.FontFace | None = None
    for char in text:
        try:
            face = card_fonts.face_for(char, weight, current)
        except CardError:
            face = current or card_fonts.face(card_fonts.LATIN, weight)
        name = card_fonts.ensure_registered(face)
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
        current = face
    return "".join(f'<font name="{name}">{escape(run)}</font>' for name, run in runs)


def _visible(values: Sequence[int | None]) -> list[int]:
    return [value if value is not None else 0 for value in values]


def horizontal_bars(names: Sequence[str], values: Sequence[int | None], width: float) -> Drawing:
    """One bar per name, largest first as given; hidden values get no bar."""
    row = 16
    height = row * len(names) + 30
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 20
    chart.width, chart.height = width - 170, row * len(names)
    chart.data = [list(reversed(_visible(values)))]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = font_for("".join(names))
    chart.categoryAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font()
    chart.valueAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars.strokeColor = None
    chart.barSpacing = 2
    drawing.add(chart)
    return drawing


def vertical_bars(names: Sequence[str], values: Sequence[int | None], width: float) -> Drawing:
    drawing = Drawing(width, 170)
    chart = VerticalBarChart()
    chart.x, chart.y = 50, 30
    chart.width, chart.height = width - 70, 120
    chart.data = [_visible(values)]
    chart.categoryAxis.categoryNames = list(names)
    chart.categoryAxis.labels.fontName = font()
    chart.categoryAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.valueAxis.labels.fontName = font()
    chart.valueAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars.strokeColor = None
    drawing.add(chart)
    return drawing


def _runs(values: Sequence[int | None]) -> list[list[int | None]]:
    """A series cut at its hidden values: one copy per unbroken run, None elsewhere, so no line
    is drawn across a number that is not published."""
    runs: list[list[int | None]] = []
    current: list[int | None] | None = None
    for index, value in enumerate(values):
        if value is None:
            current = None
            continue
        if current is None:
            current = [None] * len(values)
            runs.append(current)
        current[index] = value
    return runs


def lines(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    width: float,
) -> Drawing:
    """One line per series over the categories (e.g. weeks), with a legend; hidden values
    leave a gap."""
    drawing = Drawing(width, 200)
    chart = HorizontalLineChart()
    chart.x, chart.y = 50, 45
    chart.width, chart.height = width - 70, 130
    data: list[list[int | None]] = []
    colours = []
    for index, (_name, values) in enumerate(series):
        for run in _runs(values):
            data.append(run)
            colours.append(PALETTE[index % len(PALETTE)])
    chart.data = data or [[0] * len(categories)]
    chart.categoryAxis.categoryNames = [timeline.short_name(name) for name in categories]
    chart.categoryAxis.labels.fontName = font()
    chart.categoryAxis.labels.fontSize = AXIS_FONT_SIZE - 1
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.valueAxis.labels.fontName = font()
    chart.valueAxis.labels.fontSize = AXIS_FONT_SIZE
    for index, colour in enumerate(colours):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 2
        chart.lines[index].symbol = makeMarker("FilledCircle", size=3, fillColor=colour)
    drawing.add(chart)
    if series:
        legend = Legend()
        legend.x, legend.y = 60, 195
        legend.fontName = font_for("".join(name for name, _values in series))
        legend.fontSize = AXIS_FONT_SIZE
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 8
        legend.deltax = 120
        legend.colorNamePairs = [
            (PALETTE[index % len(PALETTE)], name) for index, (name, _values) in enumerate(series)
        ]
        drawing.add(legend)
    return drawing
