"""The kiosk's main window: the screens of a visit and the moves between them."""

from __future__ import annotations

from kiosk import i18n
from kiosk.content import Pack
from kiosk.visit import Visit
from ui.idle import IdleWatcher
from ui.printing import CardPrinter
from ui.qt import QtCore, QtGui, QtWidgets, Slot
from ui.screens.attract import AttractScreen
from ui.screens.card import CardScreen
from ui.screens.languages import LanguagePicker
from ui.screens.topic_page import TopicPageScreen
from ui.screens.topics import TopicList


class KioskWindow(QtWidgets.QMainWindow):
    """Holds one visit at a time and wipes it completely when it ends."""

    def __init__(
        self,
        pack: Pack,
        visit: Visit,
        idle_timeout_ms: int,
        default_language: str,
        parent: QtWidgets.QWidget | None = None,
        printer: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Outreach Kiosk")
        self.pack = pack
        self.visit = visit
        self.default_language = default_language
        self.idle = IdleWatcher(idle_timeout_ms, self)
        self.idle.idle.connect(self.end_visit_idle)
        application = QtWidgets.QApplication.instance()
        if application is not None:  # every input anywhere in the app counts as activity
            application.installEventFilter(self.idle)

        self.attract = AttractScreen(pack.languages)
        self.languages = LanguagePicker(pack.languages)
        self.topics = TopicList(pack)
        self.topic_page = TopicPageScreen()
        self.card = CardScreen(CardPrinter(printer, self))
        self.stack = QtWidgets.QStackedWidget()
        for screen in (self.attract, self.languages, self.topics, self.topic_page, self.card):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)

        self.attract.started.connect(self.start_visit)
        self.languages.chosen.connect(self.choose_language)
        self.topics.chosen.connect(self.choose_topic)
        self.topics.change_language.connect(self.show_languages)
        self.topics.done.connect(self.end_visit_done)
        self.topic_page.back.connect(self.show_topics)
        self.topic_page.done.connect(self.end_visit_done)
        self.topics.card.connect(self.show_card)
        self.card.back.connect(self.show_topics)
        self.card.done.connect(self.end_visit_done)
        self.card.printed.connect(self.visit.print_card)
        self.card.qr_shown.connect(self.visit.show_qr)
        self._reset_to_attract()

    @Slot()
    def start_visit(self) -> None:
        self.visit.touch()
        self.idle.arm()
        self.show_languages()

    @Slot()
    def show_languages(self) -> None:
        self.stack.setCurrentWidget(self.languages)

    @Slot(str)
    def choose_language(self, language: str) -> None:
        self.visit.choose_language(language)
        i18n.activate(language)
        self.setLayoutDirection(
            QtCore.Qt.LayoutDirection.RightToLeft
            if i18n.is_right_to_left(language)
            else QtCore.Qt.LayoutDirection.LeftToRight
        )
        self.topics.show_for(language)
        self.show_topics()

    @Slot()
    def show_topics(self) -> None:
        self.stack.setCurrentWidget(self.topics)

    @Slot(str)
    def choose_topic(self, topic: str) -> None:
        language = self.visit.language or self.default_language
        self.topic_page.show_page(self.pack.page(topic, language))
        self.visit.view_topic(topic)
        self.stack.setCurrentWidget(self.topic_page)

    @Slot()
    def show_card(self) -> None:
        self.card.show_for(self.visit.language or self.default_language)
        self.stack.setCurrentWidget(self.card)

    @Slot()
    def end_visit_done(self) -> None:
        self.end_visit("done")

    @Slot()
    def end_visit_idle(self) -> None:
        self.end_visit("idle")

    def end_visit(self, reason: str) -> None:
        """End the visit and clear every trace of it from the screens."""
        self.visit.end(reason)
        self._reset_to_attract()

    def _reset_to_attract(self) -> None:
        self.idle.disarm()
        self.topics.clear()
        self.topic_page.clear()
        self.card.clear()
        i18n.activate(self.default_language)
        self.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.stack.setCurrentWidget(self.attract)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.card.printer.shutdown()  # cancels a job being followed, waits for the thread
        super().closeEvent(event)
