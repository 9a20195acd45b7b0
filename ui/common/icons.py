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


def _phone(painter: QtGui.QPainter, s: float) -> None:
    """An old telephone handset: "call" in every country, whatever phones look like now."""
    path = QtGui.QPainterPath()
    path.moveTo(s * 0.2, s * 0.16)
    path.lineTo(s * 0.34, s * 0.12)
    path.lineTo(s * 0.42, s * 0.32)
    path.lineTo(s * 0.32, s * 0.4)
    path.quadTo(s * 0.4, s * 0.58, s * 0.6, s * 0.68)
    path.lineTo(s * 0.68, s * 0.58)
    path.lineTo(s * 0.88, s * 0.66)
    path.lineTo(s * 0.84, s * 0.8)
    path.quadTo(s * 0.5, s * 0.96, s * 0.2, s * 0.5)
    path.quadTo(s * 0.08, s * 0.3, s * 0.2, s * 0.16)
    painter.setBrush(painter.pen().color())
    painter.drawPath(path)


def _emergency(painter: QtGui.QPainter, s: float) -> None:
    """A flashing emergency light: police, fire and ambulance share it everywhere."""
    painter.drawLine(QtCore.QPointF(s * 0.18, s * 0.86), QtCore.QPointF(s * 0.82, s * 0.86))
    dome = QtGui.QPainterPath()
    dome.moveTo(s * 0.28, s * 0.86)
    dome.lineTo(s * 0.28, s * 0.6)
    dome.arcTo(QtCore.QRectF(s * 0.28, s * 0.38, s * 0.44, s * 0.44), 180, -180)
    dome.lineTo(s * 0.72, s * 0.86)
    painter.setBrush(painter.pen().color())
    painter.drawPath(dome)
    for x0, y0, x1, y1 in (
        (0.5, 0.06, 0.5, 0.22),
        (0.16, 0.2, 0.26, 0.32),
        (0.84, 0.2, 0.74, 0.32),
        (0.04, 0.5, 0.16, 0.52),
        (0.96, 0.5, 0.84, 0.52),
    ):
        painter.drawLine(QtCore.QPointF(s * x0, s * y0), QtCore.QPointF(s * x1, s * y1))


def _interpreter(painter: QtGui.QPainter, s: float) -> None:
    """Two speech bubbles facing each other: someone speaks your language with you."""
    for left, top, tail_x, tail_dx in ((0.06, 0.12, 0.2, -0.08), (0.4, 0.42, 0.8, 0.08)):
        bubble = QtGui.QPainterPath()
        bubble.addRoundedRect(
            QtCore.QRectF(s * left, s * top, s * 0.54, s * 0.34), s * 0.1, s * 0.1
        )
        painter.drawPath(bubble)
        bottom = top + 0.34
        painter.drawLine(
            QtCore.QPointF(s * tail_x, s * bottom),
            QtCore.QPointF(s * (tail_x + tail_dx), s * (bottom + 0.12)),
        )


def _staff(painter: QtGui.QPainter, s: float) -> None:
    """A person behind a desk: ask the people who work here."""
    painter.drawEllipse(QtCore.QPointF(s * 0.5, s * 0.24), s * 0.13, s * 0.13)
    shoulders = QtGui.QPainterPath()
    shoulders.moveTo(s * 0.24, s * 0.62)
    shoulders.quadTo(s * 0.26, s * 0.42, s * 0.5, s * 0.42)
    shoulders.quadTo(s * 0.74, s * 0.42, s * 0.76, s * 0.62)
    painter.drawPath(shoulders)
    painter.setBrush(painter.pen().color())
    painter.drawRect(QtCore.QRectF(s * 0.08, s * 0.62, s * 0.84, s * 0.12))
    painter.drawLine(QtCore.QPointF(s * 0.16, s * 0.74), QtCore.QPointF(s * 0.16, s * 0.94))
    painter.drawLine(QtCore.QPointF(s * 0.84, s * 0.74), QtCore.QPointF(s * 0.84, s * 0.94))


DRAWINGS: dict[str, Painter] = {
    "phone": _phone,
    "emergency": _emergency,
    "interpreter": _interpreter,
    "staff": _staff,
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
