"""Starts the kiosk: checks for a display, paints the attract screen, then opens storage.

Why storage comes second: importing SQLAlchemy and Alembic and migrating the database takes longer
than building every screen. The attract screen is painted first and the database opened on a
background thread right after; a touch in that moment is kept in memory and written once the log
is ready.

What the kiosk shares with outreach mode (the pack store, storage, sync, shutdown and the calm
answer to an unexpected error) is :class:`ui.common.host.Host`; this module adds the visitor's
window and what its admin screen reads and does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.config import Settings
from kiosk.i18n import N_
from kiosk.packs import sources as pack_sources
from kiosk.packs.load import Pack
from kiosk.packs.store import ActivePack, Refusal
from kiosk.reach.visit import Visit
from ui.common.host import Host
from ui.common.startup import start_application
from ui.kiosk.window import KioskWindow
from ui.qt import QtWidgets, Slot

if TYPE_CHECKING:
    from kiosk.clock import ClockState
    from kiosk.packs.sources import FoundPack
    from ui.admin.screen import AdminScreen
    from ui.common.storage_opener import OpenedStorage


class Kiosk(Host):
    """A kiosk's window, and its storage once :meth:`open_storage` has finished."""

    window: KioskWindow

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.media_roots: tuple[Path, ...] = (
            pack_sources.MEDIA_ROOTS
        )  # where USB sticks are mounted
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
        self.window.visit_ended.connect(self.pick_up_new_pack)  # between visits
        self.window.admin_built.connect(self._add_admin_panels)
        self.window.quit_requested.connect(self.quit_requested)

    # -- the window's part (ui.common.host.Host) -----------------------------------------

    def quiet(self) -> bool:
        return self.window.current_screen() is self.window.attract

    def show_pack(self, pack: Pack) -> None:
        """Its topics and languages from the next visit, and its contacts on cards."""
        self.window.set_pack(pack)

    def attach_window(self, opened: OpenedStorage) -> None:
        self.window.visit.attach(opened.reach)

    def first_screen(self) -> QtWidgets.QWidget:
        return self.window.attract

    def recover(self) -> None:
        self.window.end_visit("idle")

    def show_window(self, full_screen: bool) -> None:
        if full_screen:
            self.window.enter_kiosk_mode()
        else:
            super().show_window(full_screen)

    def close_window(self) -> None:
        self.window.shut_down()  # closes even in kiosk mode

    @Slot()
    def open_storage(self) -> None:
        """Also finishes the window's set-up, which the first paint did not wait for."""
        self.window.warm_up()
        super().open_storage()

    # -- what the admin screen reads and does (ui.admin.screen.AdminSource) -------------

    def current_pack(self) -> ActivePack:
        return self.active_pack

    def last_refusal(self) -> Refusal | None:
        return self.packs.last_refusal()

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
    return Kiosk(settings).run(app, windowed=windowed, quit_after_paint=quit_after_paint)
