"""Contents that scroll when a screen is too small for them, dragged by a finger.

Why: on a 1024x768 screen, with bigger text or a long language, a screen's contents may need
more height than there is. Squeezed, their text is cut; in a scroll area they keep their size
and the visitor drags them (a scroll bar shows there is more). The drag gesture (QScroller)
costs tens of milliseconds to set up, so it is set up when the screen is first used, not at
start-up.
"""

from __future__ import annotations

from ui.qt import QtCore, QtWidgets

DRAG_READY = "drag_ready"


def scroll_area(contents: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
    """``contents`` in a frameless area that scrolls up and down, never sideways."""
    area = QtWidgets.QScrollArea()
    area.setWidget(contents)
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def enable_drag(area: QtWidgets.QAbstractScrollArea) -> None:
    """Let a finger drag ``area``'s contents; only the first call does anything."""
    if not area.property(DRAG_READY):
        QtWidgets.QScroller.grabGesture(
            area.viewport(), QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        area.setProperty(DRAG_READY, True)
