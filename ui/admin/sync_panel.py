"""Admin tab: is this device enrolled, when did it last sync, how much is waiting, what failed,
which content version is active and why the central's newest pack is not, when it is not."""

from __future__ import annotations

from datetime import datetime

from kiosk.bidi_text import for_language, ltr
from kiosk.i18n import _
from sync.worker import SyncStatus
from ui.qt import QtWidgets, Signal, Slot


class SyncPanel(QtWidgets.QWidget):
    """Shows the last :class:`SyncStatus`; ``sync_now`` asks for an attempt at once."""

    sync_now = Signal()

    def __init__(self, status: SyncStatus, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._status = status
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("note")
        self.error.setWordWrap(True)
        self.content_error = QtWidgets.QLabel()
        self.content_error.setObjectName("note")
        self.content_error.setWordWrap(True)
        self.button = QtWidgets.QPushButton()
        self.button.clicked.connect(self.sync_now)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.content_error)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.refresh()

    @Slot(object)
    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self.refresh()

    def refresh(self) -> None:
        status = self._status
        self.button.setText(_("Sync now"))
        self.button.setEnabled(status.enrolled and not status.stopped)
        if not status.enrolled:
            lines = [
                _("This device is not enrolled. Counts are kept here until it is."),
                _("Enrol it with: outreach-kiosk enrol CODE --central URL"),
            ]
        else:
            last = (
                datetime.fromtimestamp(status.last_success).strftime("%Y-%m-%d %H:%M")
                if status.last_success is not None
                else _("not yet")
            )
            lines = [
                _("Last successful sync: {when}").format(when=last),
                _("Counts waiting to be sent: {count}").format(count=status.backlog),
            ]
        if status.content_version is not None:
            version = ltr(status.content_version)
            lines.append(_("Content version: {version}").format(version=version))
        self.summary.setText(for_language("\n".join(lines)))
        if status.stopped:
            self.error.setText(
                _("Sync stopped: the central refused this device. Enrol it again.")
                + f"\n{status.last_error or ''}"
            )
        elif status.last_error:
            lines = [_("Last error: {error}").format(error=status.last_error)]
            if status.retry_at is not None:
                when = datetime.fromtimestamp(status.retry_at).strftime("%H:%M:%S")
                lines.append(
                    _("Sync is still running: next attempt at {time}.").format(time=ltr(when))
                )
            self.error.setText(for_language("\n".join(lines)))
        else:
            self.error.setText("")
        self.error.setVisible(bool(self.error.text()))
        if status.content_error:
            self.content_error.setText(
                _("New content not installed: {error}").format(error=ltr(status.content_error))
            )
        else:
            self.content_error.setText("")
        self.content_error.setVisible(bool(self.content_error.text()))
