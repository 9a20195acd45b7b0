"""The kiosk's side of the systemd watchdog: ready after the first paint, then pings from the GUI
thread.

Why the GUI thread: a window that stopped answering (a deadlock, an endless loop in a slot) still
has a live process, so only the thread that paints can vouch for it. The pings come from a
QTimer on that thread; when it is blocked they stop, and systemd restarts the service after
``WatchdogSec``. The socket part is :mod:`kiosk.sd_notify`; without ``$NOTIFY_SOCKET`` this
object does nothing.
"""

from __future__ import annotations

import logging
import os

from kiosk.sd_notify import Notifier, watchdog_interval_ms
from ui.qt import QtCore, Slot

log = logging.getLogger(__name__)


class ServiceWatchdog(QtCore.QObject):
    """Says ``READY=1`` once (:meth:`ready`), then ``WATCHDOG=1`` every half watchdog period."""

    def __init__(self, parent: QtCore.QObject | None = None, notifier: Notifier | None = None):
        super().__init__(parent)
        self.notifier = notifier if notifier is not None else Notifier.from_environment()
        self.interval_ms = watchdog_interval_ms(os.environ, os.getpid(), os.getppid())
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self.ping)
        self._ready = False

    @Slot()
    def ready(self) -> None:
        """The first screen is painted: the service is up; from now on the pings prove it."""
        if self.notifier is None or self._ready:
            return
        self._ready = True
        self.notifier.send("READY=1", "STATUS=The kiosk is on screen.")
        if self.interval_ms is not None:
            self.ping()
            self._timer.start(self.interval_ms)
            log.info("systemd watchdog: a ping every %d ms", self.interval_ms)

    @Slot()
    def ping(self) -> None:
        if self.notifier is not None:
            self.notifier.send("WATCHDOG=1")

    def stopping(self) -> None:
        """The kiosk is ending on purpose: no more pings, and systemd knows why."""
        self._timer.stop()
        if self.notifier is not None and self._ready:
            self.notifier.send("STOPPING=1")
            self.notifier.close()
            self.notifier = None
