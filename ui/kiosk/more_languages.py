""" "My language is not here": more languages by their own names, a choice counted anonymously.

The kiosk has no content in these languages; a visitor touching one tells the coordinators,
without any name, which language to add next (a ``language_requested`` count). Then a thank-you
and back to the language picker. The fonts for these scripts load the first time the screen is
built, so start-up does not pay for them.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import _
from ui.common.fonts import load_extra_fonts
from ui.common.wrapping import WrappingButton
from ui.kiosk.languages import language_button
from ui.qt import QtCore, QtWidgets, Signal

COLUMNS = 5
THANKS_MS = 4000


class MoreLanguagesScreen(QtWidgets.QWidget):
    """Emits ``requested`` with a language code, and ``back`` when the visitor is done here."""

    requested = Signal(str)
    back = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        load_extra_fonts()
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.explanation = QtWidgets.QLabel()
        self.explanation.setObjectName("body")
        self.thanks = QtWidgets.QLabel()
        self.thanks.setObjectName("title")
        self.thanks.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        for label in (self.title, self.explanation, self.thanks):
            label.setWordWrap(True)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for index, language in enumerate(i18n.REQUESTABLE_LANGUAGES):
            button = language_button(language)
            button.setObjectName("compact")
            button.clicked.connect(lambda _=False, code=language: self.choose(code))
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[language] = button
        self.choices = QtWidgets.QWidget()
        self.choices.setLayout(grid)
        self.back_button = WrappingButton()
        self.back_button.clicked.connect(self.back)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 8, 48, 24)
        layout.addLayout(header)
        layout.addWidget(self.explanation)
        layout.addSpacing(8)
        layout.addWidget(self.choices)
        layout.addWidget(self.thanks, 1)
        layout.addStretch(1)
        self._timer = QtCore.QTimer(self, singleShot=True, interval=THANKS_MS)
        self._timer.timeout.connect(self.back)
        self.reset()

    def own_text(self) -> list[QtWidgets.QWidget]:
        """The widgets in the visitor's language (the names below keep their own fonts)."""
        return [self.title, self.explanation, self.thanks, self.back_button]

    def retranslate(self) -> None:
        self.title.setText(_("My language is not here"))
        self.explanation.setText(
            _(
                "Touch your language. We count each choice, without any name, "
                "to learn which languages to add."
            )
        )
        self.thanks.setText(_("Thank you. We will try to add your language."))
        self.back_button.setText(_("Back"))

    def reset(self) -> None:
        """Show the choices again (each time the screen is entered, and between visits)."""
        self._timer.stop()
        self.retranslate()
        self.choices.show()
        self.explanation.show()
        self.thanks.hide()

    def choose(self, language: str) -> None:
        self.requested.emit(language)
        self.choices.hide()
        self.explanation.hide()
        self.thanks.show()
        self._timer.start()
