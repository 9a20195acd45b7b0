"""Physical sizes on screen: touch targets are measured in millimetres, not pixels.

A finger needs about 12 mm whatever the screen's density, so button heights are worked out
from the screen's physical dots per inch. Virtual screens (Xvfb, offscreen) report odd densities;
those fall back to 96 dpi.
"""

from __future__ import annotations

from ui.qt import QtGui, QtWidgets

MM_PER_INCH = 25.4
TOUCH_TARGET_MM = 12.0
FALLBACK_DPI = 96.0
MIN_BUTTON_PX = 72
MIN_SMALL_PX = 60


def screen_dpi(widget: QtWidgets.QWidget | None = None) -> float:
    screen: QtGui.QScreen | None = widget.screen() if widget is not None else None
    if screen is None:
        screen = QtGui.QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInchY() if screen is not None else FALLBACK_DPI
    return dpi if 50 <= dpi <= 600 else FALLBACK_DPI


def mm_to_px(mm: float, widget: QtWidgets.QWidget | None = None) -> int:
    return round(mm / MM_PER_INCH * screen_dpi(widget))


def touch_target_px(widget: QtWidgets.QWidget | None = None) -> int:
    """The height of every touch target: 12 mm, and never less than the style's 72 px."""
    return max(MIN_BUTTON_PX, mm_to_px(TOUCH_TARGET_MM, widget))


def small_target_px(widget: QtWidgets.QWidget | None = None) -> int:
    """Secondary targets (PIN keys, the hide button, long lists): 12 mm, at least 60 px."""
    return max(MIN_SMALL_PX, mm_to_px(TOUCH_TARGET_MM, widget))


def px_to_mm(px: int, widget: QtWidgets.QWidget | None = None) -> float:
    return px * MM_PER_INCH / screen_dpi(widget)
