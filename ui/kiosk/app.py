"""Starts the kiosk: checks for a display, paints the attract screen, then opens storage.

Why storage comes second: importing SQLAlchemy and Alembic and migrating the database takes longer
than building every screen. The attract screen is painted first and the database opened on a
background thread right after; a touch in that moment is kept in memory and written once the log
is ready.

Also installs the last line of defence: an unexpected error is logged and the kiosk returns calmly
to its attract screen instead of closing in front of a visitor.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.config import Settings
from kiosk.i18n import N_
from kiosk.logs import configure_logging
from kiosk.packs import sources as pack_sources
from kiosk.packs.load import Pack
from kiosk.packs.manifest import trusted_keys
from kiosk.packs.store import ActivePack, PackStore, Refusal
from kiosk.reach.visit import Visit
from ui.common.fonts import font_for, load_bundled_fonts
from ui.common.metrics import small_target_px, touch_target_px
from ui.common.runtime import tune_for_interaction
from ui.common.storage_opener import OpenedStorage, StorageOpener
from ui.common.style import style_sheet
from ui.kiosk.window import KioskWindow
from ui.qt import QtCore, QtGui, QtWidgets, Signal, Slot

if TYPE_CHECKING:
    from kiosk.clock import ClockState
    from kiosk.enrolment import Enrolment
    from kiosk.packs.sources import FoundPack
    from kiosk.reach.log import ReachLog
    from kiosk.storage.database import Database
    from ui.admin.screen import AdminScreen
    from ui.common.sync_service import SyncService

log = logging.getLogger(__name__)

NO_DISPLAY_MESSAGE = (
    "outreach-kiosk: no display found (DISPLAY and WAYLAND_DISPLAY are unset). "
    "Start it from a desktop session, or on a headless machine run: xvfb-run -a outreach-kiosk"
)


def display_available() -> bool:
    """Whether Qt can open a window here; on Linux that needs X11, Wayland or a chosen platform."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def prepare_application() -> QtWidgets.QApplication:
    """The QApplication with the kiosk's fonts and style (made if there is none yet)."""
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Outreach Kiosk")
    load_bundled_fonts()
    base = QtGui.QFont()
    base.setPointSize(14)
    app.setFont(font_for("en", base))
    app.setStyleSheet(style_sheet(touch_target_px(), small_target_px()))
    return app


class Kiosk(QtCore.QObject):
    """A kiosk's window, and its storage once :meth:`open_storage` has finished.

    ``ready`` is emitted on the GUI thread when the reach log is writing; ``failed`` with a
    message when the data folder cannot be used.
    """

    ready = Signal()
    failed = Signal(str)

    def __init__(self, settings: Settings):
        super().__init__()
        self.settings = settings
        self.media_roots: tuple[Path, ...] = (
            pack_sources.MEDIA_ROOTS
        )  # where USB sticks are mounted
        self.packs = PackStore(
            settings.resolved_data_dir(),
            trusted_keys(settings.trusted_keys),
            allow_unsigned=settings.allow_unsigned_packs,
        )
        self.active_pack = self.packs.active()
        self.pack = self.shown(self.active_pack)
        self.database: Database | None = None
        self.reach: ReachLog | None = None
        self.enrolment: Enrolment | None = None
        self.sync: SyncService | None = None
        self.device: str | None = None
        self.storage = StorageOpener(settings, self.pack.version, self)
        i18n.activate(settings.default_language)
        self.window = KioskWindow(
            self.pack,
            Visit(),
            idle_timeout_ms=settings.idle_timeout_seconds * 1000,
            default_language=settings.default_language,
            admin_source=self,
            pin_hash=settings.admin_pin_hash,
            require_pin=settings.kiosk_mode,
            printer=settings.printer,
        )
        self._pack_stamp = self.packs.pointer_stamp()
        self.window.visit_ended.connect(self.pick_up_new_pack)
        self.window.admin_built.connect(self._add_admin_panels)
        self.storage.opened.connect(self._attach)
        self.storage.failed.connect(self.failed)

    def shown(self, active: ActivePack) -> Pack:
        """The pack as this site shows it (without draft translations if the site says so)."""
        if self.settings.hide_draft_translations:
            return active.pack.without_drafts()
        return active.pack

    # -- what the admin screen reads and does (ui.admin.screen.AdminSource) -------------

    def current_pack(self) -> ActivePack:
        return self.active_pack

    def last_refusal(self) -> Refusal | None:
        return self.packs.last_refusal()

    def install_pack(self, path: Path) -> ActivePack:
        """Install and switch to the pack at ``path``; PackRefusedError leaves all unchanged."""
        installed = self.packs.install(path)
        self._pack_stamp = self.packs.pointer_stamp()
        self._show_pack(installed)
        return self.active_pack

    def find_packs(self) -> list[FoundPack]:
        """The pack zips in the drop folder and on the removable media mounted now."""
        return pack_sources.find_packs(self.settings.resolved_data_dir(), self.media_roots)

    def drop_folder(self) -> Path:
        return pack_sources.drop_folder(self.settings.resolved_data_dir())

    def device_name(self) -> str | None:
        return self.device

    def clock_state(self) -> ClockState | None:
        """Whether the clock that dates the counts looks right; None until storage is open."""
        from kiosk.clock import device_clock_state

        if self.reach is None or self.database is None:
            return None
        return device_clock_state(self.database.engine, self.reach.clock().date())

    @Slot()
    def pick_up_new_pack(self) -> None:
        """Between visits: show a pack installed meanwhile (by the command line or sync)."""
        stamp = self.packs.pointer_stamp()
        if stamp == self._pack_stamp:
            return
        self._pack_stamp = stamp
        self._show_pack(self.packs.active())

    @Slot()
    def pick_up_new_pack_if_idle(self) -> None:
        """Sync installed a pack: show it now if nobody is using the kiosk, else after the visit."""
        if self.window.stack.currentWidget() is self.window.attract:
            self.pick_up_new_pack()

    def _show_pack(self, active: ActivePack) -> None:
        """Show ``active`` from now on: its topics and languages, and its contacts on cards."""
        self.active_pack = active
        self.pack = self.shown(active)
        self.window.set_pack(self.pack)
        if self.reach is not None:
            self.reach.use_content_version(active.pack.version)

    @Slot()
    def open_storage(self) -> None:
        """Open and migrate the database on a background thread; ``ready`` or ``failed`` follow.

        Called once the first screen is painted, so it also finishes the window's set-up."""
        self.window.warm_up()
        self.storage.start()

    @Slot(object)
    def _attach(self, opened: OpenedStorage) -> None:
        self.database, self.reach = opened.database, opened.reach
        self.device, self.enrolment = opened.device, opened.enrolment
        self.reach.use_content_version(self.active_pack.pack.version)  # a pack may have changed
        self.window.visit.attach(self.reach)
        if self.enrolment is not None:
            from ui.common.sync_service import SyncService

            self.sync = SyncService(self)
            self.sync.status.connect(self.pick_up_new_pack_if_idle)
            self.sync.start(self.reach, self.enrolment, self.settings)
        # start-up is over: no long GC pauses, quicker GIL hand-back; full collections only
        # while the attract screen shows
        tune_for_interaction(lambda: self.window.stack.currentWidget() is self.window.attract)
        self.ready.emit()

    @Slot(object)
    def _add_admin_panels(self, admin: AdminScreen) -> None:
        """Local statistics and sync status, as tabs of the admin screen."""
        from sync.worker import SyncStatus
        from ui.admin.sync_panel import SyncPanel
        from ui.common.stats_panel import StatsPanel

        if self.database is not None:
            stats = StatsPanel(self.database, self.settings.resolved_data_dir(), self.pack)
            admin.add_panel(N_("Statistics"), stats)
        status = (
            self.sync.last
            if self.sync is not None
            else SyncStatus(enrolled=False, content_version=self.active_pack.pack.version)
        )
        panel = SyncPanel(status)
        if self.sync is not None:
            self.sync.status.connect(panel.show_status)
            panel.sync_now.connect(self.sync.sync_now)
        admin.add_panel(N_("Sync"), panel)

    def close(self) -> None:
        """Close the window and storage; every queued event is written first."""
        self.window.shut_down()
        self.storage.join()
        if self.sync is not None:
            self.sync.stop()  # after the batch in flight; nothing unconfirmed is marked
        self.storage.close()


class FirstPaint(QtCore.QObject):
    """Emits ``painted`` once, the first time ``widget`` is painted."""

    painted = Signal()

    def __init__(self, widget: QtWidgets.QWidget):
        super().__init__(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted.emit()
        return False


def run(settings: Settings, windowed: bool = False, quit_after_paint: bool = False) -> int:
    """Run the kiosk until it is closed; return the process exit code.

    With ``quit_after_paint`` it prints when the first screen was painted and quits as soon as
    storage is ready: a start-up measurement and a smoke test in one.
    """
    if settings.mode == "outreach":  # an outreach worker's laptop: its own window
        from ui.outreach.window import run_outreach

        return run_outreach(settings, windowed=windowed, quit_after_paint=quit_after_paint)
    app = start_application(settings)
    if app is None:
        return 2
    kiosk = Kiosk(settings)
    _install_recovery(kiosk.window)
    exit_code = 0

    def storage_failed(message: str) -> None:
        nonlocal exit_code
        print(f"outreach-kiosk: {message}", file=sys.stderr)
        exit_code = 1
        app.quit()

    kiosk.failed.connect(storage_failed)
    first_paint = FirstPaint(kiosk.window.attract)
    first_paint.painted.connect(kiosk.open_storage, QtCore.Qt.ConnectionType.QueuedConnection)
    if quit_after_paint:
        first_paint.painted.connect(lambda: print(f"painted {time.perf_counter():.6f}", flush=True))
        kiosk.ready.connect(app.quit)
    kiosk.window.quit_requested.connect(app.quit)
    if settings.kiosk_mode and not windowed:
        kiosk.window.enter_kiosk_mode()
    else:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
    try:
        app.exec()
    finally:
        kiosk.close()
    return exit_code


def start_application(settings: Settings) -> QtWidgets.QApplication | None:
    """The application, with logging to the data folder; None (and one line saying how to run
    it) when there is no display. Shared by the kiosk and outreach mode."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return None
    try:
        configure_logging(settings.resolved_data_dir(), earlier=settings.notes)
    except OSError as exc:  # storage will say what is wrong with the folder, in a clear line
        print(f"outreach-kiosk: no log file in the data folder: {exc.strerror}", file=sys.stderr)
    return prepare_application()


def _install_recovery(window: KioskWindow) -> None:
    def recover(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace)))
        window.end_visit("idle")

    sys.excepthook = recover
