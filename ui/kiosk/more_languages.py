""" "My language is not here": more languages by their own names, then help in that language.

The kiosk has no content in these languages; a visitor touching one tells the coordinators,
without any name, which language to add next (a ``language_requested`` count). Then the visitor
gets what matters most on arrival, in their language and in pictures (ui.kiosk.unlisted_help),
instead of a thank-you they could not read. The fonts for these scripts load the first time
the screen is built, so start-up does not pay for them.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import _
from kiosk.packs.load import Pack
from ui.common.fonts import load_extra_fonts
from ui.common.scrolling import enable_drag, scroll_area
from ui.common.wrapping import WrappingButton
from ui.kiosk.languages import language_button
from ui.kiosk.unlisted_help import UnlistedLanguageHelp
from ui.qt import QtCore, QtGui, QtWidgets, Signal

GRID_SPACING = 10


class MoreLanguagesScreen(QtWidgets.QWidget):
    """Emits ``requested`` with a language code, and ``back`` when the visitor is done here."""

    requested = Signal(str)
    back = Signal()

    def __init__(self, pack: Pack, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        load_extra_fonts()
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.explanation = QtWidgets.QLabel()
        self.explanation.setObjectName("body")
        self.explanation.setWordWrap(True)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setSpacing(GRID_SPACING)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for language in i18n.REQUESTABLE_LANGUAGES:
            button = language_button(language)
            button.setObjectName("compact")
            button.clicked.connect(lambda _=False, code=language: self.choose(code))
            self.buttons[language] = button
        self._columns = 0
        names = QtWidgets.QWidget()
        names_layout = QtWidgets.QVBoxLayout(names)
        names_layout.setContentsMargins(0, 0, 0, 0)
        names_layout.addLayout(self.grid)
        names_layout.addStretch(1)
        self.names = scroll_area(names)
        choices = QtWidgets.QWidget()
        choices_layout = QtWidgets.QVBoxLayout(choices)
        choices_layout.setContentsMargins(0, 0, 0, 0)
        choices_layout.addWidget(self.explanation)
        choices_layout.addSpacing(8)
        choices_layout.addWidget(self.names, 1)
        self.choices = choices
        self.help = UnlistedLanguageHelp(pack)
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.choices)
        self.pages.addWidget(self.help)
        self.back_button = WrappingButton()
        self.back_button.clicked.connect(self.back)
        footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 8, 48, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)
        self.reset()

    def own_text(self) -> list[QtWidgets.QWidget]:
        """The widgets in the kiosk's language (the names and the help sentence keep theirs)."""
        return [
            self.title,
            self.explanation,
            self.back_button,
            self.help.draft_note,
            *(tile.caption for tile in self.help.tiles),
            self.help.code_caption,
        ]

    def retranslate(self) -> None:
        self.title.setText(_("My language is not here"))
        self.explanation.setText(
            _(
                "Touch your language. We count each choice, without any name, "
                "to learn which languages to add."
            )
        )
        self.back_button.setText(_("Back"))
        self.help.retranslate()

    def set_pack(self, pack: Pack) -> None:
        self.help.set_pack(pack)

    def recolor(self, high_contrast: bool) -> None:
        self.help.recolor(high_contrast)

    def reset(self) -> None:
        """Show the choices again (each time the screen is entered, and between visits)."""
        self.help.clear()
        self.retranslate()
        self.pages.setCurrentWidget(self.choices)
        self.title.show()

    def choose(self, language: str) -> None:
        self.requested.emit(language)
        self.help.show_for(language)
        self.pages.setCurrentWidget(self.help)
        self.title.hide()  # the help's own heading names the language chosen

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt's name
        enable_drag(self.names)
        self._arrange(self.names.viewport().width())
        super().showEvent(event)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange(self.names.viewport().width())

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.StyleChange, QtCore.QEvent.Type.FontChange):
            self._columns = 0  # bigger text: the names are wider now
            self._arrange(self.names.viewport().width())

    def _arrange(self, width: int) -> None:
        """As many columns as the widest name allows: five on a wide screen, fewer on a
        portrait or small one, or with bigger text; the list scrolls if it is then too long."""
        widest = max(button.sizeHint().width() for button in self.buttons.values())
        columns = max(1, min(5, (width + GRID_SPACING) // (widest + GRID_SPACING)))
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for index, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, index // columns, index % columns)
