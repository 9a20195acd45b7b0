"""The topic list: the pack's topics as large buttons, in the visitor's language."""

from __future__ import annotations

from kiosk.content import Pack
from kiosk.i18n import _
from ui.metrics import touch_target_px
from ui.qt import QtWidgets, Signal

COLUMNS = 2


class TopicList(QtWidgets.QWidget):
    """Emits ``chosen`` with a topic id, ``done`` when the visitor is finished."""

    chosen = Signal(str)
    done = Signal()
    change_language = Signal()

    def __init__(self, pack: Pack, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._pack = pack
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self._buttons_box = QtWidgets.QGridLayout()
        self._buttons_box.setSpacing(16)
        self.topic_buttons: dict[str, QtWidgets.QPushButton] = {}
        self.language_button = QtWidgets.QPushButton()
        self.language_button.clicked.connect(self.change_language)
        self.done_button = QtWidgets.QPushButton()
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.done)
        self.footer = QtWidgets.QHBoxLayout()
        self.footer.addWidget(self.language_button)
        self.footer.addStretch(1)
        self.footer.addWidget(self.done_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 32)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        layout.addLayout(self._buttons_box)
        layout.addStretch(1)
        layout.addLayout(self.footer)

    def set_pack(self, pack: Pack) -> None:
        self.clear()
        self._pack = pack

    def show_for(self, language: str) -> None:
        """Fill the screen for ``language`` (the active catalog must already be that language)."""
        self.clear()
        self.title.setText(_("What would you like to know?"))
        self.language_button.setText(_("Language"))
        self.done_button.setText(_("Done"))
        height = touch_target_px(self)
        for index, topic in enumerate(self._pack.topics):
            button = QtWidgets.QPushButton(self._pack.title(topic, language))
            button.setMinimumHeight(height)
            button.clicked.connect(lambda _=False, topic=topic: self.chosen.emit(topic))
            self._buttons_box.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.topic_buttons[topic] = button

    def clear(self) -> None:
        """Forget the last visitor's language and buttons."""
        for button in self.topic_buttons.values():
            button.deleteLater()
        self.topic_buttons.clear()
        for label in (self.title, self.language_button, self.done_button):
            label.setText("")
