"""Opens the local database and reach log on a background thread, for any window.

Why a thread: importing SQLAlchemy and Alembic and migrating the database takes longer than
painting the first screen, so both the kiosk and the outreach window paint first and open
storage right after. One opener for both, so both count under the enrolled site.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.errors import KioskError
from ui.qt import QtCore, Signal

if TYPE_CHECKING:
    from kiosk.enrolment import Enrolment
    from kiosk.reach.log import ReachLog
    from kiosk.storage.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedStorage:
    database: Database
    reach: ReachLog
    device: str
    enrolment: Enrolment | None


class StorageOpener(QtCore.QObject):
    """``opened`` (an :class:`OpenedStorage`) or ``failed`` (a message), on the GUI thread."""

    opened = Signal(object)
    failed = Signal(str)

    def __init__(
        self, settings: Settings, content_version: str, parent: QtCore.QObject | None = None
    ):
        super().__init__(parent)
        self._settings = settings
        self._content_version = content_version
        self._thread: threading.Thread | None = None
        # Set on the opener thread before ``opened`` is emitted, so a window closed before the
        # signal arrives still closes what was opened.
        self.result: OpenedStorage | None = None

    def start(self) -> None:
        """Open once; later calls do nothing."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._open, name="storage-open", daemon=True)
            self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _open(self) -> None:
        from kiosk.enrolment import load_enrolment
        from kiosk.reach.log import ReachContext, ReachLog
        from kiosk.storage.database import device_id, open_database

        database: Database | None = None
        try:
            database = open_database(self._settings.resolved_data_dir())
            device = device_id(database)
            enrolment = load_enrolment(database)
            site = enrolment.site if enrolment is not None else self._settings.site
            reach = ReachLog(database, ReachContext(site, device, self._content_version))
        except KioskError as exc:
            log.error("storage unavailable: %s", exc)
            if database is not None:
                database.close()
            self.failed.emit(str(exc))  # emitted here, delivered queued to the GUI thread
            return
        self.result = OpenedStorage(database, reach, device, enrolment)
        self.opened.emit(self.result)

    def close(self) -> None:
        """Wait for the opener, then close what it opened (every queued event is written)."""
        self.join()
        if self.result is not None:
            self.result.reach.close()
            self.result.database.close()
