"""The topic list: the pack's topics as large buttons, in the visitor's language.

Each language's buttons are built the first time that language is chosen and kept (they hold
only the pack's titles, nothing of a visit), so a later visitor's language switch only shows
them: building and styling nine buttons anew took most of a switch's time.
"""

from __future__ import annotations

from kiosk.i18n import _
from kiosk.packs.load import Pack
from ui.common.metrics import touch_target_px
from ui.common.scrolling import enable_drag, scroll_area
from ui.common.wrapping import WrappingButton
from ui.qt import QtGui, QtWidgets, Signal

COLUMNS = 2  # on a landscape screen; one on a portrait screen, so the topics use its height


class TopicList(QtWidgets.QWidget):
    """Emits ``chosen`` with a topic id, ``card`` for the wallet card, ``done`` when finished."""

    chosen = Signal(str)
    done = Signal()
    change_language = Signal()
    card = Signal()

    def __init__(self, pack: Pack, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._pack = pack
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self._grids = QtWidgets.QStackedWidget()
        self._empty = QtWidgets.QWidget()
        self._grids.addWidget(self._empty)
        self._by_language: dict[str, dict[str, QtWidgets.QPushButton]] = {}
        self._pages: dict[str, QtWidgets.QWidget] = {}
        self._grid_of: dict[str, QtWidgets.QGridLayout] = {}
        self._columns = COLUMNS
        self.topic_buttons: dict[str, QtWidgets.QPushButton] = {}
        self.card_button = WrappingButton()
        self.card_button.setObjectName("primary")
        self.card_button.clicked.connect(self.card)
        self.language_button = WrappingButton()
        self.language_button.clicked.connect(self.change_language)
        self.done_button = WrappingButton()
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.done)
        # The card button sits in the footer: a row of its own under nine topics took the
        # window past 768 pixels.
        self.footer = QtWidgets.QHBoxLayout()
        self.footer.setSpacing(16)
        self.footer.addWidget(self.language_button)
        self.footer.addStretch(1)
        self.footer.addWidget(self.card_button)
        self.footer.addWidget(self.done_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 32)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        self.topics_area = scroll_area(self._grids)  # with bigger text at 1024x768, they scroll
        layout.addWidget(self.topics_area, 1)
        layout.addSpacing(16)
        layout.addLayout(self.footer)

    def set_pack(self, pack: Pack) -> None:
        """Another pack: forget every language's buttons."""
        self.clear()
        self._pack = pack
        for page in self._pages.values():
            self._grids.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._grid_of.clear()
        self._by_language.clear()

    def show_for(self, language: str) -> None:
        """Fill the screen for ``language`` (the active catalog must already be that language)."""
        self.title.setText(_("What would you like to know?"))
        self.language_button.setText(_("Language"))
        self.card_button.setText(_("Get a wallet card"))
        self.done_button.setText(_("Done"))
        enable_drag(self.topics_area)
        if language not in self._pages:
            self._build(language)
        self.topic_buttons = self._by_language[language]
        self._grids.setCurrentWidget(self._pages[language])

    def _build(self, language: str) -> None:
        page = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)
        height = touch_target_px(self)
        buttons: dict[str, QtWidgets.QPushButton] = {}
        for topic in self._pack.topics:
            button = WrappingButton(self._pack.title(topic, language))
            button.setMinimumHeight(height)
            button.clicked.connect(lambda _=False, topic=topic: self.chosen.emit(topic))
            buttons[topic] = button
        self._grids.addWidget(page)
        self._pages[language] = page
        self._grid_of[language] = grid
        self._by_language[language] = buttons
        self._place(language)

    def _place(self, language: str) -> None:
        """The topics of ``language`` in rows of the current number of columns, with the spare
        height below them, not in them."""
        grid = self._grid_of[language]
        buttons = list(self._by_language[language].values())
        for button in buttons:
            grid.removeWidget(button)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // self._columns, index % self._columns)
        grid.setRowStretch((len(buttons) + self._columns - 1) // self._columns, 1)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        columns = 1 if event.size().height() > event.size().width() * 1.2 else COLUMNS
        if columns != self._columns:
            self._columns = columns
            for language in self._grid_of:
                self._place(language)

    def clear(self) -> None:
        """Forget the last visitor's language: nothing of it stays on this screen."""
        self.topic_buttons = {}
        self._grids.setCurrentWidget(self._empty)
        for label in (self.title, self.language_button, self.done_button, self.card_button):
            label.setText("")
