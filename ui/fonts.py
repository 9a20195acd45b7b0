"""Loads the fonts shipped in resources/fonts, so text renders the same on every machine."""

from __future__ import annotations

import logging
from importlib import resources

from ui.qt import QtGui

log = logging.getLogger(__name__)

UI_FONT_FAMILY = "Noto Sans"


def load_bundled_fonts() -> list[str]:
    """Register every shipped .ttf with Qt; return the families now available."""
    families: list[str] = []
    for entry in (resources.files("kiosk.resources") / "fonts").iterdir():
        if not entry.name.endswith(".ttf"):
            continue
        font_id = QtGui.QFontDatabase.addApplicationFontFromData(entry.read_bytes())
        if font_id < 0:
            log.error("font %s could not be loaded", entry.name)
            continue
        families.extend(QtGui.QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))
