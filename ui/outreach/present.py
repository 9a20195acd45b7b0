"""Presenting topics to a group: the kiosk's own language picker, topic list and topic page,
full screen, in the group's language.

Reusing the visitor screens means a group sees exactly what a visitor at the desk sees. Each
topic shown is reported, so the session form ticks it (and the language) for the worker; nothing
is counted until the worker records the session.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import _
from kiosk.packs.load import Pack
from ui.kiosk.languages import LanguagePicker
from ui.kiosk.topic_page import TopicPageScreen
from ui.kiosk.topics import TopicList
from ui.qt import QtCore, QtWidgets, Signal, Slot


class PresentationScreen(QtWidgets.QStackedWidget):
    """Emits ``presented(language, topic)`` for each topic page shown and ``finished`` at the end.

    ``topic`` is empty when only a language was chosen. The window switches the interface
    language back for the worker after ``finished``.
    """

    presented = Signal(str, str)
    finished = Signal()

    def __init__(self, pack: Pack, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._pack = pack
        self.language: str | None = None
        self.picker = LanguagePicker(pack.languages)
        self.back_button = QtWidgets.QPushButton()
        self.back_button.clicked.connect(self.finished)
        choose = QtWidgets.QWidget()
        footer = QtWidgets.QHBoxLayout()
        footer.setContentsMargins(48, 0, 48, 32)
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        column = QtWidgets.QVBoxLayout(choose)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picker, 1)
        column.addLayout(footer)
        self.choose = choose
        self.topics = TopicList(pack)
        self.page = TopicPageScreen()
        for screen in (self.choose, self.topics, self.page):
            self.addWidget(screen)
        self.picker.chosen.connect(self.choose_language)
        self.topics.chosen.connect(self.show_topic)
        self.topics.change_language.connect(self.start)
        self.topics.done.connect(self.finished)
        self.page.back.connect(self.show_topics)
        self.page.done.connect(self.finished)

    @Slot()
    def start(self) -> None:
        """Begin with the language picker (in the worker's language, until one is chosen)."""
        self.back_button.setText(_("Back to the session"))
        self.setCurrentWidget(self.choose)

    @Slot(str)
    def choose_language(self, language: str) -> None:
        self.language = language
        i18n.activate(language)
        direction = (
            QtCore.Qt.LayoutDirection.RightToLeft
            if i18n.is_right_to_left(language)
            else QtCore.Qt.LayoutDirection.LeftToRight
        )
        self.topics.setLayoutDirection(direction)
        self.page.setLayoutDirection(direction)
        self.topics.show_for(language)
        self.presented.emit(language, "")
        self.show_topics()

    @Slot()
    def show_topics(self) -> None:
        self.setCurrentWidget(self.topics)

    @Slot(str)
    def show_topic(self, topic: str) -> None:
        language = self.language or self._pack.default_language
        self.page.show_page(self._pack.page(topic, language))
        self.setCurrentWidget(self.page)
        self.presented.emit(language, topic)

    def clear(self) -> None:
        self.language = None
        self.topics.clear()
        self.page.clear()
