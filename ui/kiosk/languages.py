"""The language picker: one large button per language, named in that language, no flags.

Flags stand for countries, not languages, and can make a visitor feel watched; native names can
be read by the people who need them. Each name is drawn in its own script's font and direction,
and every button is at least 12 mm tall. Below them, "my language is not here" (with a globe, as
its reader may read none of the names) leads to more languages. The heading takes each
language in turn, as the attract screen does, so that it is not in one language a visitor may
not read.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import N_, _
from ui.common.fonts import font_for
from ui.common.icons import icon
from ui.common.metrics import touch_target_px
from ui.common.style import HIGH_CONTRAST_ICON_COLOR, ICON_COLOR
from ui.common.wrapping import WrappingButton
from ui.qt import QtCore, QtGui, QtWidgets, Signal

CHOOSE = N_("Choose your language")
HEADING_CYCLE_MS = 2500  # as the attract screen's languages
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
        self._heading_timer = QtCore.QTimer(self, interval=HEADING_CYCLE_MS)
        self._heading_timer.timeout.connect(self.show_next_heading)
        self._heading_index = 0
        self.set_languages(languages)
        self.retranslate()

    def show_heading_in(self, language: str) -> None:
        """The heading in ``language``, its script's font and its direction."""
        self.heading.setFont(font_for(language, self.heading.font()))
        self.heading.setLayoutDirection(direction_of(language))
        self.heading.setText(i18n.gettext_in(language, CHOOSE))

    def _hold_heading_height(self) -> None:
        """As tall as the tallest language's heading, so the names below never jump. Measured
        by the label itself in each language (a script's fallback font can have taller lines
        than the family's metrics say)."""
        width = self.heading.width()
        if width <= 0:
            return
        self.heading.ensurePolished()  # the sheet's title size, not the default one
        shown = (self.heading.text(), self.heading.font(), self.heading.layoutDirection())
        tallest = 0
        for language in self.buttons:
            self.show_heading_in(language)
            tallest = max(tallest, self.heading.heightForWidth(width))
        text, font, direction = shown
        self.heading.setFont(font)
        self.heading.setLayoutDirection(direction)
        self.heading.setText(text)
        if tallest > 0 and tallest != self.heading.minimumHeight():
            self.heading.setMinimumHeight(tallest)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.isVisible():  # hidden (at start-up), showEvent measures: no script fonts yet
            self._hold_heading_height()

    def show_next_heading(self) -> None:
        languages = tuple(self.buttons)
        if languages:
            self._heading_index = (self._heading_index + 1) % len(languages)
            self.show_heading_in(languages[self._heading_index])

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt's name
        languages = tuple(self.buttons)
        active = i18n.active_language()
        self._heading_index = languages.index(active) if active in languages else 0
        self.show_heading_in(active)
        self._hold_heading_height()
        self._heading_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._heading_timer.stop()
        super().hideEvent(event)

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
        self.show_heading_in(i18n.active_language())
        self.more_button.setText(_("My language is not here"))

    def recolor(self, high_contrast: bool) -> None:
        self.more_button.setIcon(
            icon("globe", HIGH_CONTRAST_ICON_COLOR if high_contrast else ICON_COLOR)
        )
