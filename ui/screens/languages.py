"""The language picker: one large button per language, named in that language, no flags.

Flags stand for countries, not languages, and can make a visitor feel watched; native names can
be read by the people who need them.
"""

from __future__ import annotations

from kiosk import i18n
from ui.qt import QtCore, QtWidgets, Signal

COLUMNS = 2


class LanguagePicker(QtWidgets.QWidget):
    """Emits ``chosen`` with the language code the visitor touched."""

    chosen = Signal(str)

    def __init__(self, languages: tuple[str, ...], parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(16)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for index, language in enumerate(languages):
            button = QtWidgets.QPushButton(i18n.native_name(language))
            button.setLayoutDirection(
                QtCore.Qt.LayoutDirection.RightToLeft
                if i18n.is_right_to_left(language)
                else QtCore.Qt.LayoutDirection.LeftToRight
            )
            button.clicked.connect(lambda _=False, code=language: self.chosen.emit(code))
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[language] = button
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        layout.addLayout(grid)
        layout.addStretch(1)
