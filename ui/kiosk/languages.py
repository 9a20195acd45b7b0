"""The language picker: one large button per language, named in that language, no flags.

Flags stand for countries, not languages, and can make a visitor feel watched; native names can
be read by the people who need them. Each name is drawn in its own script's font and direction,
and every button is at least 12 mm tall. Below them, "my language is not here" (with a globe, as
its reader may read none of the names) leads to more languages.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import _
from ui.common.fonts import font_for
from ui.common.icons import icon
from ui.common.metrics import touch_target_px
from ui.common.style import HIGH_CONTRAST_ICON_COLOR, ICON_COLOR
from ui.common.wrapping import WrappingButton
from ui.qt import QtCore, QtWidgets, Signal

COLUMNS = 2
MAX_ROWS = 5  # more rows of 12 mm buttons do not fit a 768-pixel-high screen: add a column


def direction_of(language: str) -> QtCore.Qt.LayoutDirection:
    if i18n.is_right_to_left(language):
        return QtCore.Qt.LayoutDirection.RightToLeft
    return QtCore.Qt.LayoutDirection.LeftToRight


def language_button(language: str) -> QtWidgets.QPushButton:
    """A button showing ``language``'s name in itself, in its font and direction."""
    button = QtWidgets.QPushButton(i18n.native_name(language))
    button.setFont(font_for(language, button.font()))
    button.setLayoutDirection(direction_of(language))
    button.setMinimumHeight(touch_target_px(button))
    return button


class LanguagePicker(QtWidgets.QWidget):
    """Emits ``chosen`` with the language code the visitor touched, or ``more``."""

    chosen = Signal(str)
    more = Signal()

    def __init__(self, languages: tuple[str, ...], parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._grid = QtWidgets.QGridLayout()
        self._grid.setSpacing(16)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        self.more_button = WrappingButton()
        self.more_button.setIconSize(QtCore.QSize(40, 40))
        self.more_button.setMinimumHeight(touch_target_px(self.more_button))
        self.more_button.clicked.connect(self.more)
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("title")
        self.heading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 24)  # ten languages and a heading fit 768 px
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addSpacing(16)
        layout.addLayout(self._grid)
        layout.addSpacing(24)
        layout.addWidget(self.more_button, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.set_languages(languages)
        self.retranslate()

    def set_languages(self, languages: tuple[str, ...]) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        columns = max(COLUMNS, -(-len(languages) // MAX_ROWS))
        for index, language in enumerate(languages):
            button = language_button(language)
            button.clicked.connect(lambda _=False, code=language: self.chosen.emit(code))
            self._grid.addWidget(button, index // columns, index % columns)
            self.buttons[language] = button

    def retranslate(self) -> None:
        self.heading.setText(_("Choose your language"))
        self.more_button.setText(_("My language is not here"))

    def recolor(self, high_contrast: bool) -> None:
        self.more_button.setIcon(
            icon("globe", HIGH_CONTRAST_ICON_COLOR if high_contrast else ICON_COLOR)
        )
