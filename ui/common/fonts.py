"""The fonts shipped in resources/fonts, and which of them each language is shown in.

Why the kiosk brings its own: a kiosk PC may have no Gurmukhi, Thai or Chinese font at all, and
a visitor who sees boxes instead of their language walks away. Every screen's font lists the
family for the language's script first, then the others as per-character fallbacks, all of them
vendored files; tests/ui/test_fonts.py shapes every string the kiosk can show and checks that
no glyph is missing and no other font was used.

The fonts only needed for "my language is not here" (Devanagari, Tamil, Khmer, ...) live in
resources/fonts/extra and are loaded when that screen is first built, not at start-up.
"""

from __future__ import annotations

import logging
from importlib import resources

from kiosk.i18n import script_of
from ui.qt import QtGui, QtWidgets

log = logging.getLogger(__name__)

UI_FONT_FAMILY = "Noto Sans"
HAN_FAMILY = "Droid Sans Fallback"

# The family that shapes each script (ISO 15924 codes, as kiosk.i18n.script_of gives them).
SCRIPT_FAMILIES = {
    "Latn": UI_FONT_FAMILY,
    "Cyrl": UI_FONT_FAMILY,
    "Grek": UI_FONT_FAMILY,
    "Arab": "Noto Sans Arabic",
    "Guru": "Noto Sans Gurmukhi",
    "Thai": "Noto Sans Thai",
    "Hans": HAN_FAMILY,
    "Hant": HAN_FAMILY,
    "Hani": HAN_FAMILY,
    "Jpan": HAN_FAMILY,
    "Deva": "Noto Sans Devanagari",
    "Gujr": "Noto Sans Gujarati",
    "Beng": "Noto Sans Bengali",
    "Taml": "Noto Sans Tamil",
    "Mlym": "Noto Sans Malayalam",
    "Sinh": "Noto Sans Sinhala",
    "Khmr": "Noto Sans Khmer",
    "Mymr": "Noto Sans Myanmar",
    "Ethi": "Noto Sans Ethiopic",
}
CORE_FAMILIES = (
    UI_FONT_FAMILY,
    "Noto Sans Arabic",
    "Noto Sans Gurmukhi",
    "Noto Sans Thai",
    HAN_FAMILY,
)
EXTRA_FAMILIES = tuple(
    dict.fromkeys(family for family in SCRIPT_FAMILIES.values() if family not in CORE_FAMILIES)
)

_loaded: dict[str, list[str]] = {}


def load_bundled_fonts() -> list[str]:
    """Register the core fonts (every pack language's script) with Qt; return their families."""
    return _load_folder("fonts")


def load_extra_fonts() -> list[str]:
    """Register the fonts of the languages a visitor can ask for; idempotent."""
    return _load_folder("fonts/extra")


def loaded_families() -> set[str]:
    """Every family registered from the vendored files so far."""
    return {family for families in _loaded.values() for family in families}


def _load_folder(folder: str) -> list[str]:
    if folder in _loaded:
        return _loaded[folder]
    families: list[str] = []
    location = resources.files("kiosk.resources")
    for part in folder.split("/"):
        location = location / part
    for entry in sorted(location.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".ttf"):
            continue
        font_id = QtGui.QFontDatabase.addApplicationFontFromData(entry.read_bytes())
        if font_id < 0:
            log.error("font %s could not be loaded", entry.name)
            continue
        families.extend(QtGui.QFontDatabase.applicationFontFamilies(font_id))
    _loaded[folder] = sorted(set(families))
    return _loaded[folder]


def families_for(language: str) -> list[str]:
    """The families to draw ``language`` with: its script's first, then every other as fallback.

    Han text starts with Noto Sans so that Latin letters and digits inside Chinese pages look
    like everywhere else; the Han characters fall through to Droid Sans Fallback.
    """
    primary = SCRIPT_FAMILIES.get(script_of(language), UI_FONT_FAMILY)
    if primary == HAN_FAMILY:
        primary = UI_FONT_FAMILY
    ordered = [primary, UI_FONT_FAMILY, *CORE_FAMILIES, *EXTRA_FAMILIES]
    return list(dict.fromkeys(ordered))


def font_for(language: str, base: QtGui.QFont | None = None) -> QtGui.QFont:
    """``base`` (or a default font) drawn with ``language``'s families."""
    font = QtGui.QFont(base) if base is not None else QtGui.QFont()
    font.setFamilies(families_for(language))
    return font


def show_in_language(widget: QtWidgets.QWidget, language: str) -> None:
    """Give ``widget`` (and what inherits its font) ``language``'s families, keeping the size
    and weight it has now, which its style sheet gave it.

    Why from the widget's own font: a font made from scratch carries the default size; set on a
    widget after its style sheet was applied, it becomes what the layout measures, while the
    sheet still paints the text at its own, larger size. That is how "Back" was painted as
    "3ack" and "My language is not here" as "My language is nc".
    """
    widget.setFont(font_for(language, widget.font()))
