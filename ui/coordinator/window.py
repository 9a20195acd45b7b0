"""The coordinator's window: sign in to the central, then the statistics view.

A desktop window for an office, not the kiosk's touch screen: normal-sized controls, its own
look, no idle reset. It talks to the central only through ``ui.coordinator.worker``
(a worker thread with ``sync.stats.client``), never to a database.
"""

from __future__ import annotations

import logging
import sys

from kiosk import i18n
from kiosk.i18n import _
from sync.stats.protocol import SignInResponse
from ui.common.collector import collect_on_gui_thread
from ui.common.fonts import UI_FONT_FAMILY, load_bundled_fonts
from ui.coordinator.signin import SignInScreen
from ui.coordinator.stats_screen import StatsScreen
from ui.coordinator.worker import Central
from ui.qt import QtGui, QtWidgets, Slot

log = logging.getLogger(__name__)

STYLE_SHEET = """
QWidget { background: #f7f5f0; color: #1c2530; font-size: 13px; }
QLabel { background: transparent; }
QLabel#heading { font-size: 22px; font-weight: bold; color: #0b4f6c; }
QLabel#note { color: #5b4a20; background: #fff4d6; padding: 6px; border-radius: 4px; }
QLabel#note[raw="true"] { color: #7a1010; background: #fde2e2; font-weight: bold; }
QLabel#error[error="true"], QLabel#status[error="true"] { color: #a01818; }
QFrame#card { background: #ffffff; border: 1px solid #d8d3c6; border-radius: 8px; padding: 16px; }
QPushButton { font-size: 13px; min-height: 28px; padding: 4px 14px; border-radius: 4px;
              background: #ffffff; border: 1px solid #0b4f6c; color: #0b4f6c; }
QPushButton:disabled { color: #9aa5ae; border-color: #c6cdd2; }
QPushButton#primary { background: #0b4f6c; color: #ffffff; }
QLineEdit, QComboBox, QDateEdit { background: #ffffff; min-height: 26px; padding: 0 4px;
              border: 1px solid #b9b3a5; border-radius: 3px; }
QTableWidget { background: #ffffff; alternate-background-color: #f2f0ea; gridline-color: #e2ded3; }
QHeaderView::section { background: #e8e4da; padding: 4px; border: none; font-weight: bold; }
QTabWidget::pane { border: 1px solid #d8d3c6; }
"""


class CoordinatorWindow(QtWidgets.QMainWindow):
    """The sign-in screen, then the statistics; back to sign-in on sign-out or expiry.

    One office computer is shared: a coordinator may look at raw counts, sign out, and a viewer
    sign in on the same window. So signing out (or an expired sign-in) ends the sign-in at the
    central and throws the whole statistics view away (tables, charts, notes, chosen options,
    answers still on their way); the next person starts from a view that never held anything.
    """

    def __init__(self, central_url: str, language: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Outreach Kiosk: reach statistics"))
        self.setStyleSheet(STYLE_SHEET)
        self.language = language
        self.central = Central(self)
        self.sign_in = SignInScreen(central_url)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.sign_in)
        self.stats = self._new_stats_screen()
        self.setCentralWidget(self.stack)

        self.sign_in.requested.connect(self.central.sign_in)
        self.central.signed_in.connect(self._signed_in)
        self.central.sign_in_failed.connect(self._sign_in_failed)

    def _new_stats_screen(self) -> StatsScreen:
        screen = StatsScreen(self.central, self.language)
        screen.signed_out.connect(self._signed_out)
        screen.expired.connect(self._expired)
        self.stack.addWidget(screen)
        return screen

    def _forget(self) -> None:
        """End the sign-in and replace the statistics view with an empty one."""
        self.central.sign_out()
        old = self.stats
        self.stats = self._new_stats_screen()
        self.stack.setCurrentWidget(self.sign_in)
        self.stack.removeWidget(old)
        old.forget()
        old.deleteLater()
        self.sign_in.name.clear()
        self.sign_in.password.clear()

    @Slot(object)
    def _signed_in(self, person: object) -> None:
        assert isinstance(person, SignInResponse)
        self.sign_in.message.hide()
        self.stats.set_person(person.name, person.role)
        self.stack.setCurrentWidget(self.stats)

    @Slot(str, int)
    def _sign_in_failed(self, message: str, status: int) -> None:
        if status == 401:
            text = _("Wrong name or password.")
        elif status in (0, 429) or status >= 500:
            text = _("The central cannot be reached: {detail}").format(detail=message)
        else:
            text = _("The central refused: {detail}").format(detail=message)
        self.sign_in.show_message(text)

    @Slot()
    def _signed_out(self) -> None:
        self._forget()
        self.sign_in.show_notice(_("You have signed out."))

    @Slot(str)
    def _expired(self, message: str) -> None:
        self._forget()
        self.sign_in.show_message(message)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.central.shutdown()
        super().closeEvent(event)


def run(central_url: str, language: str) -> int:
    """Show the coordinator window until it is closed."""
    from ui.common.startup import NO_DISPLAY_MESSAGE, display_available

    if not display_available():
        print(NO_DISPLAY_MESSAGE.replace("outreach-kiosk", "outreach-kiosk coordinator"),
              file=sys.stderr)  # fmt: skip
        return 2
    i18n.activate(language)
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Outreach Kiosk coordinator")
    collect_on_gui_thread(app)
    load_bundled_fonts()
    app.setFont(QtGui.QFont(UI_FONT_FAMILY, 10))
    window = CoordinatorWindow(central_url, language)
    window.resize(1280, 820)
    window.show()
    return app.exec()
