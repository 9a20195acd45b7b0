"""The look of the kiosk: large touch targets, high contrast, calm colours.

Two sheets: the normal one for the whole application, and a high-contrast one a visitor can switch
on for the rest of their visit (set on the window, so it overrides the normal sheet). Fonts families
are not set here: ui.common.fonts chooses them per language. Button heights are filled in from the
screen's density (:func:`style_sheet`), so a touch target is 12 mm tall on any screen: a style
sheet's min-height wins over a widget's own minimum, so it must be right.
"""

import math
import re

# Padding plus border, top and bottom, of each kind of button below (px).
BUTTON_FRAME = 20
COMPACT_FRAME = 12
KEY_FRAME = 4
HIDE_FRAME = 10

_TEMPLATE = """
QWidget { background: #f7f5f0; color: #1c2530; }
QLabel#title { font-size: 34px; font-weight: bold; }
QLabel#greeting { font-size: 64px; font-weight: bold; color: #0b4f6c; }
QLabel#prompt { font-size: 28px; color: #3b4a59; }
QLabel#purpose { font-size: 34px; color: #1f2a35; }
QLabel#language_name { font-size: 22px; color: #5a6470; }
QLabel#language_name[current="true"] { color: #0b4f6c; }
QLabel#body { font-size: 24px; }
QLabel#field, QFormLayout QLabel { font-size: 18px; }
QPlainTextEdit, QTableWidget { font-size: 16px; background: #ffffff; }
QLabel#note { font-size: 20px; color: #7a4b00; background: #fff4d6; padding: 8px;
              border-radius: 6px; }
QLabel#draft, QLabel#spoken { font-size: 16px; color: #5a6470; }
QLabel#badge { font-size: 16px; color: #ffffff; background: #6b4fa0; padding: 4px 12px;
               border-radius: 12px; }
QLabel#countdown { font-size: 96px; font-weight: bold; color: #0b4f6c; }
QLabel#help { font-size: 26px; color: #1f2a35; }
QLabel#number { font-size: 40px; font-weight: bold; color: #0b4f6c; }
QLabel#caption { font-size: 20px; color: #3b4a59; }
QFrame#tile { background: #ffffff; border: 2px solid #c9c3b6; border-radius: 12px; }
QFrame#tile QLabel { background: #ffffff; }
QLabel#warning { font-size: 20px; color: #8a1c1c; }
QPushButton { font-size: 26px; min-height: @button@px; padding: 8px 24px; border-radius: 12px;
              background: #ffffff; border: 2px solid #0b4f6c; color: #0b4f6c; }
QPushButton:pressed, QPushButton:checked { background: #0b4f6c; color: #ffffff; }
QPushButton#primary { background: #0b4f6c; color: #ffffff; }
QPushButton#done { background: #1d6b3a; color: #ffffff; border-color: #1d6b3a; }
QPushButton#tool { font-size: 20px; padding: 8px 16px; }
QPushButton#hide { background: transparent; border: 1px solid #c9c3b6; padding: 4px;
                   min-height: @hide@px; min-width: @hide@px; }
QPushButton#key, QPushButton#keyok { font-size: 30px; min-width: 120px; min-height: @key@px;
                                     padding: 0; }
QPushButton#keyok { background: #0b4f6c; color: #ffffff; }
QPushButton#compact { font-size: 22px; min-height: @compact@px; padding: 4px 12px; }
QTextBrowser { font-size: 24px; background: #ffffff; border: none; padding: 16px; }
QScrollBar:vertical { width: 28px; background: #e8e4da; border-radius: 14px; }
QScrollBar::handle:vertical { background: #0b4f6c; min-height: 60px; border-radius: 14px; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }
QTabWidget::pane { border: 1px solid #c9c3b6; }
QTabBar::tab { font-size: 20px; padding: 12px 24px; }
QTabBar::tab:selected { background: #ffffff; font-weight: bold; }
"""


def style_sheet(touch_target_px: int = 72, small_target_px: int = 60) -> str:
    """The application's sheet with buttons ``touch_target_px`` tall (the PIN keys, the
    "more languages" names and the hide button ``small_target_px``, still at least 12 mm)."""
    sizes = {
        "button": touch_target_px - BUTTON_FRAME,
        "compact": small_target_px - COMPACT_FRAME,
        "key": small_target_px - KEY_FRAME,
        "hide": small_target_px - HIDE_FRAME,
    }
    sheet = _TEMPLATE
    for name, value in sizes.items():
        sheet = sheet.replace(f"@{name}@", str(value))
    return sheet


STYLE_SHEET = style_sheet()

# Bigger text, for the rest of a visit, on every visitor screen: about a quarter larger, and the
# buttons grow with their text (their heights come from the text, their minimums stay).
LARGE_TEXT_SHEET = """
QLabel#title { font-size: 42px; }
QLabel#prompt { font-size: 34px; }
QLabel#body { font-size: 30px; }
QLabel#note { font-size: 25px; }
QLabel#draft, QLabel#spoken { font-size: 20px; }
QLabel#badge { font-size: 20px; }
QLabel#countdown { font-size: 110px; }
QLabel#help { font-size: 32px; }
QLabel#number { font-size: 48px; }
QLabel#caption { font-size: 25px; }
QPushButton { font-size: 32px; }
QPushButton#tool { font-size: 25px; }
QPushButton#compact { font-size: 27px; }
"""

HIGH_CONTRAST_SHEET = """
QWidget { background: #000000; color: #ffffff; }
QLabel#greeting, QLabel#countdown { color: #ffeb3b; }
QLabel#prompt, QLabel#draft, QLabel#spoken { color: #ffffff; }
QLabel#note { color: #000000; background: #ffeb3b; }
QLabel#help, QLabel#caption { color: #ffffff; }
QLabel#number { color: #ffeb3b; }
QFrame#tile, QFrame#tile QLabel { background: #000000; border-color: #ffeb3b; }
QPushButton { background: #000000; color: #ffeb3b; border: 3px solid #ffeb3b; }
QPushButton:pressed, QPushButton:checked { background: #ffeb3b; color: #000000; }
QPushButton#primary, QPushButton#done, QPushButton#keyok { background: #ffeb3b; color: #000000;
                                        border-color: #ffeb3b; }
QPushButton#hide { background: #000000; border: 1px solid #888888; }
QTextBrowser { background: #000000; color: #ffffff; }
QScrollBar:vertical { background: #333333; }
QScrollBar::handle:vertical { background: #ffeb3b; }
"""

ICON_COLOR = "#0b4f6c"
CHECKED_ICON_COLOR = "#ffffff"
HIGH_CONTRAST_ICON_COLOR = "#ffeb3b"
HIGH_CONTRAST_CHECKED_ICON_COLOR = "#000000"
HIDE_ICON_COLOR = "#8a8375"

# Topic page text sizes (px): normal, then larger; the toggle moves between them.
TEXT_SIZES = (24, 34)

# The sizes above are for the smallest screen a kiosk has (1024x768). A larger screen gets
# them scaled (screen_scale), so text and touch targets use a portrait or a large screen's
# room instead of leaving most of it empty.
BASE_SCREEN = (1024, 768)
MAX_SCALE = 2.0
_SIZES = re.compile(r"\b(font-size|min-height|min-width):\s*(\d+)px")


def screen_scale(width: int, height: int) -> float:
    """How much larger than on the smallest screen everything is drawn on a ``width`` x
    ``height`` one: by its short and long sides alike, so that what fits the smallest screen
    fits this one (landscape or portrait), in steps of 0.05."""
    short, long = sorted((width, height))
    base_long, base_short = BASE_SCREEN
    factor = min(short / base_short, long / base_long, MAX_SCALE)
    return max(1.0, math.floor(factor * 20) / 20)


def scaled(sheet: str, factor: float) -> str:
    """``sheet`` with its font sizes and minimum sizes multiplied by ``factor``."""
    if factor == 1.0:
        return sheet
    return _SIZES.sub(lambda m: f"{m.group(1)}: {round(int(m.group(2)) * factor)}px", sheet)


def scaled_text_sizes(factor: float) -> tuple[int, int]:
    """The topic page's normal and larger text sizes on a screen drawn ``factor`` larger."""
    normal, larger = TEXT_SIZES
    return round(normal * factor), round(larger * factor)
