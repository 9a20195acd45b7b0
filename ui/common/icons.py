"""Small icons drawn in code: no image files, no font glyphs, crisp at any size and contrast.

Why drawn: icons carry meaning across all ten languages (scroll up, listen, hide) and must
never depend on a font having a symbol; drawing them also lets high contrast recolour them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ui.qt import QtCore, QtGui

Painter = Callable[[QtGui.QPainter, float], None]
SIZE = 64


@cache
def icon(name: str, color: str = "#0b4f6c", checked_color: str | None = None) -> QtGui.QIcon:
    """The icon ``name`` (see DRAWINGS) in ``color``; on a checked button in ``checked_color``
    (a checked button is filled with the icon colour, so the icon must change to stay seen)."""
    result = QtGui.QIcon(_pixmap(name, color))
    if checked_color is not None:
        result.addPixmap(
            _pixmap(name, checked_color), QtGui.QIcon.Mode.Normal, QtGui.QIcon.State.On
        )
    return result


def sign(name: str, color: str, size: int) -> QtGui.QPixmap:
    """The drawing ``name`` as a ``size``-pixel picture, drawn at that size: a sign that must
    be seen across a hall, not a button's icon scaled up."""
    return _pixmap(name, color, size, ratio=1.0)


def _pixmap(name: str, color: str, size: int = SIZE, ratio: float = 2.0) -> QtGui.QPixmap:
    pixmap = QtGui.QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    pen = QtGui.QPen(QtGui.QColor(color), size / 12)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    DRAWINGS[name](painter, size)
    painter.end()
    return pixmap


def _hide(painter: QtGui.QPainter, s: float) -> None:
    """A closed eye: calm, and it means "look away" without words."""
    path = QtGui.QPainterPath()
    path.moveTo(s * 0.12, s * 0.42)
    path.quadTo(s * 0.5, s * 0.78, s * 0.88, s * 0.42)
    painter.drawPath(path)
    for x0, y0, x1, y1 in ((0.5, 0.6, 0.5, 0.74), (0.3, 0.55, 0.24, 0.67), (0.7, 0.55, 0.76, 0.67)):
        painter.drawLine(QtCore.QPointF(s * x0, s * y0), QtCore.QPointF(s * x1, s * y1))


def _arrow(up: bool) -> Painter:
    def draw(painter: QtGui.QPainter, s: float) -> None:
        tip, base = (0.3, 0.62) if up else (0.7, 0.38)
        points = [
            QtCore.QPointF(s * 0.22, s * base),
            QtCore.QPointF(s * 0.5, s * tip),
            QtCore.QPointF(s * 0.78, s * base),
        ]
        painter.drawPolyline(points)

    return draw


def _globe(painter: QtGui.QPainter, s: float) -> None:
    rect = QtCore.QRectF(s * 0.16, s * 0.16, s * 0.68, s * 0.68)
    painter.drawEllipse(rect)
    painter.drawEllipse(QtCore.QRectF(s * 0.36, s * 0.16, s * 0.28, s * 0.68))
    painter.drawLine(QtCore.QPointF(s * 0.16, s * 0.5), QtCore.QPointF(s * 0.84, s * 0.5))


def _speaker(painter: QtGui.QPainter, s: float) -> None:
    body = QtGui.QPolygonF(
        [
            QtCore.QPointF(s * 0.14, s * 0.4),
            QtCore.QPointF(s * 0.3, s * 0.4),
            QtCore.QPointF(s * 0.48, s * 0.24),
            QtCore.QPointF(s * 0.48, s * 0.76),
            QtCore.QPointF(s * 0.3, s * 0.6),
            QtCore.QPointF(s * 0.14, s * 0.6),
        ]
    )
    painter.drawPolygon(body)
    for radius in (0.14, 0.26):
        arc = QtCore.QRectF(s * (0.5 - radius), s * (0.5 - radius), s * 2 * radius, s * 2 * radius)
        painter.drawArc(arc, -50 * 16, 100 * 16)


def _stop(painter: QtGui.QPainter, s: float) -> None:
    painter.setBrush(painter.pen().color())
    painter.drawRoundedRect(QtCore.QRectF(s * 0.28, s * 0.28, s * 0.44, s * 0.44), 4, 4)


def _contrast(painter: QtGui.QPainter, s: float) -> None:
    rect = QtCore.QRectF(s * 0.18, s * 0.18, s * 0.64, s * 0.64)
    painter.drawEllipse(rect)
    painter.setBrush(painter.pen().color())
    painter.drawPie(rect, 90 * 16, 180 * 16)


def _text_size(painter: QtGui.QPainter, s: float) -> None:
    """Two letter shapes, small and large, drawn as lines (no font involved)."""
    for left, bottom, height in ((0.1, 0.78, 0.34), (0.42, 0.78, 0.56)):
        width = height * 0.8
        top = bottom - height
        apex = QtCore.QPointF(s * (left + width / 2), s * top)
        painter.drawLine(QtCore.QPointF(s * left, s * bottom), apex)
        painter.drawLine(apex, QtCore.QPointF(s * (left + width), s * bottom))
        mid = bottom - height * 0.38
        painter.drawLine(
            QtCore.QPointF(s * (left + width * 0.24), s * mid),
            QtCore.QPointF(s * (left + width * 0.76), s * mid),
        )


def _information(painter: QtGui.QPainter, s: float) -> None:
    """The information sign (a lower-case i in a circle), known at airports worldwide: this
    is where to find out, in any language."""
    painter.drawEllipse(QtCore.QRectF(s * 0.08, s * 0.08, s * 0.84, s * 0.84))
    painter.setBrush(painter.pen().color())
    painter.drawEllipse(QtCore.QPointF(s * 0.5, s * 0.3), s * 0.05, s * 0.05)
    stem = QtGui.QPen(painter.pen())
    stem.setWidthF(s * 0.11)
    stem.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    painter.setPen(stem)
    painter.drawLine(QtCore.QPointF(s * 0.5, s * 0.43), QtCore.QPointF(s * 0.5, s * 0.74))


DRAWINGS: dict[str, Painter] = {
    "information": _information,
    "hide": _hide,
    "up": _arrow(up=True),
    "down": _arrow(up=False),
    "globe": _globe,
    "speaker": _speaker,
    "stop": _stop,
    "contrast": _contrast,
    "text-size": _text_size,
}
