"""Touch targets follow the screen's density: the style sheet is built for it."""

from __future__ import annotations

import re

from ui.common.metrics import MM_PER_INCH, TOUCH_TARGET_MM
from ui.common.style import BUTTON_FRAME, style_sheet


def button_min_height(sheet: str) -> int:
    match = re.search(r"QPushButton \{[^}]*min-height: (\d+)px", sheet)
    assert match is not None
    return int(match.group(1))


def test_buttons_grow_on_a_dense_screen() -> None:
    dpi = 220  # a small high-resolution touch screen
    target = round(TOUCH_TARGET_MM / MM_PER_INCH * dpi)
    assert target > 72
    assert button_min_height(style_sheet(target, target)) + BUTTON_FRAME == target
    assert "@" not in style_sheet(target, target)


def test_default_sheet_keeps_the_72_px_buttons() -> None:
    assert button_min_height(style_sheet()) + BUTTON_FRAME == 72


def test_applied_sheet_gives_12_mm_buttons(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    from ui.common.metrics import px_to_mm
    from ui.qt import QtWidgets

    for name in ("", "compact", "key", "hide"):
        button = QtWidgets.QPushButton("x")
        button.setObjectName(name)
        button.ensurePolished()
        assert px_to_mm(button.minimumHeight()) >= 12, name
