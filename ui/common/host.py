"""What the kiosk and the outreach window share: one host around either window.

Both show the active pack of the data folder's pack store (without draft translations where the
site says so), open storage once the first screen is painted, sync in the background once the
device is enrolled, switch to a newly installed pack only at a quiet moment, shut down by
waiting for every thread, and treat an unexpected error calmly. They used to be two copies of
this that drifted apart (only the kiosk hid draft translations); now each window says only what
is its own: which screen is quiet, how to show a pack, how to recover.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.i18n import _
from kiosk.packs.load import Pack
from kiosk.packs.store import ActivePack, PackStore
from ui.common.collector import freeze_long_lived
from ui.common.full_screen import cover_screen
from ui.common.notice import Notice
from ui.common.startup import FirstPaint
from ui.common.storage_opener import OpenedStorage, StorageOpener
from ui.common.watchdog import ServiceWatchdog
from ui.qt import QtCore, QtWidgets, Signal, Slot

if TYPE_CHECKING:
    from kiosk.enrolment import Enrolment
    from kiosk.reach.log import ReachLog
    from kiosk.storage.database import Database
    from ui.common.sync_service import SyncService

log = logging.getLogger(__name__)


class Host(QtCore.QObject):
    """The pack store, storage, sync and shutdown around one window (:attr:`window`).

    ``ready`` is emitted on the GUI thread when the reach log is writing; ``failed`` with a
    message when the data folder cannot be used; ``quit_requested`` when the window asks the
    application to end. A subclass builds :attr:`window` from :attr:`pack` and provides the
    methods marked "the window's part".
    """

    ready = Signal()
    failed = Signal(str)
    quit_requested = Signal()
    window: QtWidgets.QMainWindow

    def __init__(self, settings: Settings):
        super().__init__()
        self.settings = settings
        self.packs = PackStore.from_settings(settings)
        self.active_pack = self.packs.active()  # the newest installed pack, else the shipped one
        self.pack = self.shown(self.active_pack)
        self._pack_stamp = self.packs.pointer_stamp()
        self.database: Database | None = None
        self.reach: ReachLog | None = None
        self.enrolment: Enrolment | None = None
        self.device: str | None = None
        self.sync: SyncService | None = None
        self.storage = StorageOpener(settings, self.pack.version, self)
        self.storage.opened.connect(self._attach)
        self.storage.failed.connect(self.failed)
        self._notice: Notice | None = None

    # -- the window's part ---------------------------------------------------------------

    def quiet(self) -> bool:
        """Whether nobody is in the middle of something: a pack may be switched now."""
        raise NotImplementedError

    def show_pack(self, pack: Pack) -> None:
        """Show ``pack`` from now on (called at a quiet moment)."""
        raise NotImplementedError

    def attach_window(self, opened: OpenedStorage) -> None:
        """Storage is open: let the window count and read."""
        raise NotImplementedError

    def first_screen(self) -> QtWidgets.QWidget:
        """The screen whose first paint starts the opening of storage."""
        raise NotImplementedError

    def recover(self) -> None:
        """After an unexpected error: back to a calm screen."""
        raise NotImplementedError

    def show_window(self, full_screen: bool) -> None:
        if full_screen:
            cover_screen(self.window)
        else:
            self.window.resize(1280, 800)
            self.window.show()

    def close_window(self) -> None:
        self.window.close()

    # -- packs ---------------------------------------------------------------------------

    def shown(self, active: ActivePack) -> Pack:
        """The pack as this site shows it: without draft translations and without machine
        narration if the site says so."""
        pack = active.pack
        if self.settings.hide_draft_translations:
            pack = pack.without_drafts()
        if self.settings.hide_machine_narration:
            pack = pack.without_machine_narration()
        return pack

    def install_pack(self, path: Path) -> ActivePack:
        """Install and switch to the pack at ``path``; PackRefusedError leaves all unchanged."""
        installed = self.packs.install(path)
        self._pack_stamp = self.packs.pointer_stamp()
        self._switch_to(installed)
        return self.active_pack

    @Slot()
    def pick_up_new_pack(self) -> None:
        """At a quiet moment: show a pack installed meanwhile (by the command line or sync)."""
        stamp = self.packs.pointer_stamp()
        if stamp == self._pack_stamp:
            return
        self._pack_stamp = stamp
        self._switch_to(self.packs.active())

    @Slot()
    def pick_up_new_pack_if_idle(self) -> None:
        """Sync may have installed a pack: show it now if nobody is busy, else at the next
        quiet moment (the window calls :meth:`pick_up_new_pack` then)."""
        if self.quiet():
            self.pick_up_new_pack()

    def _switch_to(self, active: ActivePack) -> None:
        self.active_pack = active
        self.pack = self.shown(active)
        self.show_pack(self.pack)
        if self.reach is not None:
            self.reach.use_content_version(active.pack.version)

    # -- storage and sync ----------------------------------------------------------------

    @Slot()
    def open_storage(self) -> None:
        """Open and migrate the database on a background thread; ``ready`` or ``failed``
        follow. Called once the first screen is painted."""
        self.storage.start()

    @Slot(object)
    def _attach(self, opened: OpenedStorage) -> None:
        self.database, self.reach = opened.database, opened.reach
        self.device, self.enrolment = opened.device, opened.enrolment
        self.reach.use_content_version(self.active_pack.pack.version)  # a pack may have changed
        self.attach_window(opened)
        if self.enrolment is not None:
            from ui.common.sync_service import SyncService

            self.sync = SyncService(self)
            self.sync.status.connect(self.pick_up_new_pack_if_idle)
            self.sync.start(self.reach, self.enrolment, self.settings)
        freeze_long_lived()  # start-up is over: later collections walk only what comes next
        self.ready.emit()

    def close(self) -> None:
        """Close the window, then sync and storage; every queued write is finished first."""
        self.close_window()  # the window's own workers (the card printer) end with it
        self.storage.join()
        if self.sync is not None:
            self.sync.stop()  # after the batch in flight; nothing unconfirmed is marked
        self.storage.close()

    # -- the unexpected ------------------------------------------------------------------

    def install_excepthook(self) -> None:
        """From now on an unexpected error is logged, the window goes back to a calm screen
        and says so briefly, instead of the application closing in front of someone."""
        sys.excepthook = self.unexpected

    def unexpected(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace)))
        try:
            self.recover()
            if self._notice is None:
                self._notice = Notice(self.window)
            self._notice.say(_("Sorry, something went wrong. Please start again."))
        except Exception:  # never raise from the hook itself: the error would be lost
            log.exception("could not recover from the unexpected error")

    # -- running -------------------------------------------------------------------------

    def run(self, app: QtWidgets.QApplication, windowed: bool, quit_after_paint: bool) -> int:
        """Show the window and run until it is closed; return the process exit code.

        With ``quit_after_paint`` it prints when the first screen was painted and quits as soon
        as storage is ready: a start-up measurement and a smoke test in one.
        """
        exit_code = 0

        def storage_failed(message: str) -> None:
            nonlocal exit_code
            print(f"outreach-kiosk: {message}", file=sys.stderr)
            exit_code = 1
            app.quit()

        self.install_excepthook()
        self.failed.connect(storage_failed)
        self.quit_requested.connect(app.quit)
        first_paint = FirstPaint(self.first_screen())
        first_paint.painted.connect(self.open_storage, QtCore.Qt.ConnectionType.QueuedConnection)
        watchdog = ServiceWatchdog(self)  # under systemd: ready when painted, then pings
        first_paint.painted.connect(watchdog.ready)
        if quit_after_paint:
            first_paint.painted.connect(
                lambda: print(f"painted {time.perf_counter():.6f}", flush=True)
            )
            self.ready.connect(app.quit)
        self.show_window(full_screen=self.settings.kiosk_mode and not windowed)
        try:
            app.exec()
        finally:
            watchdog.stopping()
            self.close()
        return exit_code
