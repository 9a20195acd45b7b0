"""Opens the local database and reach log on a background thread, for any window.

Why a thread: importing SQLAlchemy and Alembic and migrating the database takes longer than
painting the first screen, so both the kiosk and the outreach window paint first and open
storage right after, on a :class:`~ui.common.tasks.TaskRunner` worker. One opener for both, so
both count under the enrolled site.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.errors import KioskError
from ui.common.tasks import TaskRunner, report_unhandled
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
        self._tasks = TaskRunner(self, name="storage-open")
        self._started = False
        # Set on the opener thread before ``opened`` is emitted, so a window closed before the
        # signal arrives still closes what was opened.
        self.result: OpenedStorage | None = None

    def start(self) -> None:
        """Open once; later calls do nothing."""
        if not self._started:
            self._started = True
            self._tasks.run(self._open, self.opened.emit, self._refused)

    def join(self) -> None:
        """Wait until the opener has finished (what it opened is in :attr:`result`)."""
        self._tasks.wait()

    def _open(self) -> OpenedStorage:
        """On the worker: open, migrate and identify; a refusal closes what was opened."""
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
            raise
        self.result = OpenedStorage(database, reach, device, enrolment)
        return self.result

    def _refused(self, error: BaseException) -> None:
        """On the GUI thread: a refusal says what is wrong; anything else is unexpected."""
        if isinstance(error, KioskError):
            self.failed.emit(str(error))
        else:
            report_unhandled(error)

    def close(self) -> None:
        """Wait for the opener, end its thread, then close what it opened (every queued event
        is written)."""
        self.join()
        self._tasks.shutdown()
        if self.result is not None:
            self.result.reach.close()
            self.result.database.close()
