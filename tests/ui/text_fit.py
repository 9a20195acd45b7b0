"""Finding text that is painted cut: what a visitor would see as "3ack" or "My language is nc".

Font metrics alone cannot find it: the size a style sheet paints with need not be the size the
layout measured. So each label and button is painted as it is, then painted again with more
room (the same widget, resized for a moment); if the roomier picture holds more ink, some of
the text was cut. Ink is counted inside the widget, away from a button's border (which moves
when the button grows). A widget that sticks out sideways of what contains it is cut too.
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from ui.qt import QtGui, QtWidgets

INSET = 8  # px of a button kept clear of its border and rounded corners
ROOM = 1.6  # how much wider and taller the second picture is
HAZE_LEVEL = 8  # of 255: below this, a difference is rendering haze, not ink
TOLERANCE = 0.03  # antialiasing differs a little between two paintings of the same text
PICTURES = os.environ.get("TEXT_FIT_PICTURES")  # a folder: save what was found, to look at


def _ink(image: QtGui.QImage, inset: int) -> int:
    """How much ink lies inside ``inset``: the difference from the widget's most common colour
    (its background, or a note's fill), in fully covered pixels."""
    width, height = image.width(), image.height()
    if width <= 2 * inset or height <= 2 * inset:
        return 0
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    picture = Image.frombuffer(
        "RGB", (width, height), bytes(rgb.constBits()), "raw", "RGB", rgb.bytesPerLine(), 1
    ).crop((inset, inset, width - inset, height - inset))
    colours = picture.getcolors(maxcolors=picture.width * picture.height) or [(0, (0, 0, 0))]
    background = Image.new("RGB", picture.size, max(colours)[1])
    difference = ImageChops.difference(picture, background).convert("L")
    # Summed, not counted: text moved by half a pixel spreads its edge over other pixels, but
    # keeps its total; only text that is cut off loses some.
    faint = difference.point(lambda level: level if level > HAZE_LEVEL else 0)
    return round(ImageStat.Stat(faint).sum[0] / 255)


def _texts_in(root: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    kinds = (QtWidgets.QLabel, QtWidgets.QAbstractButton)
    found = [root] if isinstance(root, kinds) else []
    found += [w for w in root.findChildren(QtWidgets.QWidget) if isinstance(w, kinds)]
    return [w for w in found if w.isVisible() and w.text() and w.width() > 0]


def _cut_sideways(widget: QtWidgets.QWidget) -> bool:
    """Whether a container shows less than the widget's full width (it sticks out of its
    screen, or out of a scroll area that scrolls only up and down)."""
    shown = widget.visibleRegion().boundingRect()
    return not shown.isEmpty() and shown.width() < widget.width()


def cut_texts(root: QtWidgets.QWidget) -> list[str]:
    """Every visible label or button under ``root`` whose text is painted cut, described."""
    problems = []
    for widget in _texts_in(root):
        size = widget.size()
        if _cut_sideways(widget):
            shown = widget.visibleRegion().boundingRect().width()
            problems.append(
                f"{type(widget).__name__}#{widget.objectName() or '?'} {widget.text()!r}: "
                f"{shown} of its {size.width()} px wide are on screen"
            )
            continue
        # a button's border grows with the button: leave it out; a label's text may fill it
        inset = (
            min(INSET, size.height() // 4) if isinstance(widget, QtWidgets.QAbstractButton) else 0
        )
        shown = widget.grab()
        as_shown = _ink(shown.toImage(), inset)
        widget.resize(round(size.width() * ROOM), round(size.height() * ROOM))
        roomy = widget.grab()
        with_room = _ink(roomy.toImage(), inset)
        widget.resize(size)  # the layout's size back, before anything is painted on screen
        if with_room > as_shown * (1 + TOLERANCE) + 6:
            if PICTURES:  # for a person to look at: TEXT_FIT_PICTURES=folder
                stem = Path(PICTURES) / f"{len(list(Path(PICTURES).glob('*-shown.png'))):04d}"
                shown.save(f"{stem}-shown.png")
                roomy.save(f"{stem}-roomy.png")
            problems.append(
                f"{type(widget).__name__}#{widget.objectName() or '?'} {widget.text()!r}: "
                f"{size.width()}x{size.height()} px shows {as_shown} ink, "
                f"{with_room} with more room"
            )
    return problems
