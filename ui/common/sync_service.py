"""Runs the background sync inside the kiosk or the outreach window; status on the GUI thread.

The worker (sync.worker) is plain Python on its own thread: it pushes the counts, then pulls
newer content into the device's pack store. This object turns its status reports into a Qt
signal and wakes it the moment the operating system says the network is back
(QNetworkInformation, where the platform has a backend; the worker's capped backoff otherwise).
A pack it installs is not shown at once: the window switches at its next quiet moment (the
kiosk between visits), by watching the store's ``active`` pointer.
"""

from __future__ import annotations

import logging

from kiosk.config import Settings
from kiosk.enrolment import Enrolment
from kiosk.packs.store import PackStore
from sync.content_pull import ContentPuller
from sync.outbox import OutboxSource
from sync.worker import SyncStatus, SyncWorker
from ui.qt import QtCore, Signal, Slot, network

log = logging.getLogger(__name__)


class SyncService(QtCore.QObject):
    """``status`` carries a :class:`SyncStatus` on the GUI thread after every attempt."""

    status = Signal(object)

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._worker: SyncWorker | None = None
        self.last: SyncStatus = SyncStatus(enrolled=False)

    def start(self, source: OutboxSource, enrolment: Enrolment, settings: Settings) -> None:
        self._worker = SyncWorker(
            source,
            enrolment.central_url,
            enrolment.token,
            ca_bundle=settings.ca_bundle,
            on_status=self.status.emit,  # emitted on the sync thread, delivered queued
            content=ContentPuller(PackStore.from_settings(settings)),
        )
        self.last = self._worker.status
        self.status.connect(self._remember)
        self._watch_connectivity()
        self._worker.start()

    @Slot()
    def sync_now(self) -> None:
        if self._worker is not None:
            self._worker.wake()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    @Slot(object)
    def _remember(self, status: SyncStatus) -> None:
        self.last = status

    def _watch_connectivity(self) -> None:
        qt_network = network()
        info_class = qt_network.QNetworkInformation
        if not info_class.loadBackendByFeatures(info_class.Feature.Reachability):
            log.info("no network-reachability backend here; sync relies on its backoff")
            return
        info = info_class.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability_changed)

    @Slot(object)
    def _reachability_changed(self, reachability: object) -> None:
        online = network().QNetworkInformation.Reachability.Online
        if reachability == online:
            log.info("network is back: syncing now")
            self.sync_now()
