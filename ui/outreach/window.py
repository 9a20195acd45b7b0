"""Outreach mode: an outreach worker's laptop on a farm visit (``mode = "outreach"``).

The worker starts a session, presents topics full screen to the group in their language, then
records what happened: workers reached, cards and brochures handed out, languages and topics.
Sessions are listed on the home screen and can be corrected or voided until they are synced.
The statistics panel shows what this laptop has counted.

Started from :func:`ui.kiosk.app.run` when the setting says so. What it shares with the kiosk
(pack store, storage opened after the first paint, sync, shutdown, the calm answer to an
unexpected error) is :class:`ui.common.host.Host`. Every save goes through the reach log's writer
thread; the window learns the outcome through its TaskRunner (:mod:`ui.common.tasks`), so the
interface never waits on the disk.

Once the laptop is enrolled it syncs in the background like the kiosk
(:mod:`ui.common.sync_service`): counts go up, newer content comes down into the pack store. A new
pack is shown from the next time the session list is on screen, never in the middle of a session or
a presentation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import i18n
from kiosk.config import Settings
from kiosk.errors import DiskFullError, KioskError, ReadOnlyStorageError, SessionLockedError
from kiosk.i18n import _
from kiosk.packs.load import Pack
from ui.common.host import Host
from ui.common.storage_opener import OpenedStorage
from ui.common.tasks import TaskRunner
from ui.outreach.present import PresentationScreen
from ui.outreach.session_form import SessionFormScreen
from ui.outreach.sessions import SessionListScreen
from ui.qt import QtWidgets, Signal, Slot

if TYPE_CHECKING:
    from kiosk.reach.log import ReachLog
    from kiosk.reach.outreach import OutreachLog
    from kiosk.storage.database import Database
    from ui.common.stats_panel import StatsPanel

log = logging.getLogger(__name__)


def today() -> date:
    return datetime.now().astimezone().date()


def describe_error(error: BaseException) -> str:
    """What went wrong, in the worker's language."""
    if isinstance(error, DiskFullError):
        return _("The disk is full, so the session was not saved. Free some space, then try again.")
    if isinstance(error, ReadOnlyStorageError):
        return _("The data folder cannot be written, so the session was not saved.")
    if isinstance(error, SessionLockedError):
        return _("This session is synced (or being synced) and can no longer be changed.")
    return _("The session was not saved: {error}").format(error=error)


class OutreachWindow(QtWidgets.QMainWindow):
    """Session list, session form, presentation and statistics, one at a time.

    ``sessions_shown`` is emitted whenever the session list comes back: nothing is being
    recorded or presented, a good moment to switch packs."""

    sessions_shown = Signal()

    def __init__(
        self,
        pack: Pack,
        language: str,
        clock: Callable[[], date] = today,
        parent: QtWidgets.QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Outreach Kiosk")
        self.pack = pack
        self.language = language
        self.clock = clock
        self.outreach: OutreachLog | None = None
        self.stats: StatsPanel | None = None
        self._tasks = TaskRunner(self, name="outreach")
        self._was_full_screen = False

        self.sessions = SessionListScreen()
        self.stats_page = QtWidgets.QWidget()  # holds the statistics panel once storage is open
        self.stats_back = QtWidgets.QPushButton()
        self.stats_back.clicked.connect(self.show_sessions)
        self._stats_layout = QtWidgets.QVBoxLayout(self.stats_page)
        self._stats_layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QtWidgets.QStackedWidget()
        for screen in (self.sessions, self.stats_page):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)
        self.form, self.presentation = self._pack_screens(pack)

        self.sessions.new_session.connect(self.new_session)
        self.sessions.open_session.connect(self.open_session)
        self.sessions.show_stats.connect(self.show_stats)
        i18n.activate(language)
        self.retranslate()
        self.stack.setCurrentWidget(self.sessions)

    def _pack_screens(self, pack: Pack) -> tuple[SessionFormScreen, PresentationScreen]:
        """The screens that show the pack's languages and topics, in the stack and connected."""
        form = SessionFormScreen(pack)
        presentation = PresentationScreen(pack)
        self.stack.addWidget(form)
        self.stack.addWidget(presentation)
        form.back.connect(self.show_sessions)
        form.present.connect(self.start_presentation)
        form.save_draft.connect(self.save_draft)
        form.record.connect(self.record)
        form.void.connect(self.void)
        presentation.presented.connect(self._presented)
        presentation.finished.connect(self.end_presentation)
        return form, presentation

    def use_pack(self, pack: Pack) -> None:
        """Show ``pack`` from now on; call it while the session list is shown."""
        old = (self.form, self.presentation)
        self.pack = pack
        self.form, self.presentation = self._pack_screens(pack)
        self.form.retranslate()
        for screen in old:
            self.stack.removeWidget(screen)
            screen.deleteLater()

    def retranslate(self) -> None:
        self.sessions.retranslate()
        self.form.retranslate()
        self.stats_back.setText(_("Back"))
        if self.stats is not None:
            self.stats.retranslate()

    def attach(self, reach: ReachLog, database: Database, data_dir: Path) -> None:
        """Storage is open: sessions can be listed and saved, statistics read."""
        from kiosk.reach.outreach import OutreachLog
        from ui.common.stats_panel import StatsPanel

        self.outreach = OutreachLog(reach)
        self.stats = StatsPanel(database, data_dir, self.pack, today=self.clock)
        self.stats.footer.insertWidget(0, self.stats_back)
        self._stats_layout.addWidget(self.stats)
        self.sessions.set_ready(True)
        self.refresh_sessions()

    def current_screen(self) -> QtWidgets.QWidget | None:
        """The screen in front of the outreach worker (as the kiosk window names it)."""
        return self.stack.currentWidget()

    def refresh_sessions(self) -> None:
        if self.outreach is not None:
            self.sessions.show_sessions(self.outreach.sessions())

    @Slot()
    def show_sessions(self) -> None:
        self.refresh_sessions()
        self.stack.setCurrentWidget(self.sessions)
        self.sessions_shown.emit()

    @Slot()
    def new_session(self) -> None:
        self.form.load(None, self.clock())
        self.stack.setCurrentWidget(self.form)

    @Slot(int)
    def open_session(self, session_id: int) -> None:
        assert self.outreach is not None
        self.form.load(self.outreach.get(session_id), self.clock())
        self.stack.setCurrentWidget(self.form)

    @Slot()
    def show_stats(self) -> None:
        assert self.stats is not None
        self.stats.refresh()
        self.stack.setCurrentWidget(self.stats_page)

    @Slot()
    def save_draft(self) -> None:
        self._save(lambda outreach, form, sid: outreach.save_draft(form, sid), stay=True)

    @Slot()
    def record(self) -> None:
        self._save(lambda outreach, form, sid: outreach.record(form, sid), stay=False)

    @Slot()
    def void(self) -> None:
        session = self.form.session
        if self.outreach is None or session is None:
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            _("Void session"),
            _("Void this session? Its counts will be removed."),
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self._watch(self.outreach.void(session.id), lambda _result: self.show_sessions())

    def _save(
        self, action: Callable[[OutreachLog, Any, int | None], Future[int]], stay: bool
    ) -> None:
        if self.outreach is None:
            return
        session = self.form.session
        try:
            future = action(self.outreach, self.form.form(), session.id if session else None)
        except KioskError as error:  # the form refused the values before anything was written
            self.form.show_error(describe_error(error))
            return
        self.form.setEnabled(False)

        def saved(session_id: int) -> None:
            if stay:
                assert self.outreach is not None
                self.form.load(self.outreach.get(session_id), self.clock())
            else:
                self.show_sessions()

        self._watch(future, saved)

    def _watch(self, future: Future[Any], on_success: Callable[[Any], None]) -> None:
        def saved(result: Any) -> None:
            self.form.setEnabled(True)
            on_success(result)

        def refused(error: BaseException) -> None:
            self.form.setEnabled(True)
            log.warning("outreach session not saved: %s", error)
            self.form.show_error(describe_error(error))
            if isinstance(error, SessionLockedError) and self.form.session and self.outreach:
                self.form.load(self.outreach.get(self.form.session.id), self.clock())
                self.form.show_error(describe_error(error))

        self._tasks.watch(future, saved, refused)

    @Slot()
    def start_presentation(self) -> None:
        self._was_full_screen = self.isFullScreen()
        self.presentation.start()
        self.stack.setCurrentWidget(self.presentation)
        self.showFullScreen()

    @Slot(str, str)
    def _presented(self, language: str, topic: str) -> None:
        self.form.mark_presented(language, topic or None)

    @Slot()
    def end_presentation(self) -> None:
        self.presentation.clear()
        i18n.activate(self.language)
        self.retranslate()
        if not self._was_full_screen:
            self.showNormal()
        self.stack.setCurrentWidget(self.form)


class Outreach(Host):
    """The outreach window, and its storage once :meth:`open_storage` has finished."""

    window: OutreachWindow

    def __init__(self, settings: Settings, clock: Callable[[], date] = today):
        super().__init__(settings)
        self.window = OutreachWindow(self.pack, settings.default_language, clock)
        # the session list is back: nothing is being recorded or presented
        self.window.sessions_shown.connect(self.pick_up_new_pack)

    def quiet(self) -> bool:
        return self.window.stack.currentWidget() is self.window.sessions

    def show_pack(self, pack: Pack) -> None:
        self.window.use_pack(pack)

    def attach_window(self, opened: OpenedStorage) -> None:
        self.window.attach(opened.reach, opened.database, self.settings.resolved_data_dir())

    def first_screen(self) -> QtWidgets.QWidget:
        return self.window.sessions

    def recover(self) -> None:
        self.window.show_sessions()


def run_outreach(settings: Settings, windowed: bool = False, quit_after_paint: bool = False) -> int:
    """Run outreach mode until the window is closed; return the process exit code."""
    from ui.common.startup import start_application

    app = start_application(settings)
    if app is None:
        return 2
    outreach = Outreach(settings)
    log.info("outreach mode started (site %s)", settings.site)
    return outreach.run(app, windowed=windowed, quit_after_paint=quit_after_paint)
