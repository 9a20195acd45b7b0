"""The outreach worker's home screen: the sessions on this laptop, and where to start a new one."""

from __future__ import annotations

from kiosk.i18n import _
from kiosk.reach.outreach import SessionRecord
from ui.common import labels
from ui.qt import QtCore, QtWidgets, Signal

LIST_STYLE = """
QListWidget { font-size: 22px; background: #ffffff; border: 2px solid #9aa8b5; border-radius: 8px; }
QListWidget::item { min-height: 64px; padding: 4px 12px; border-bottom: 1px solid #e8e4da; }
QListWidget::item:selected { background: #d8e8ef; color: #1c2530; }
QLabel#empty { font-size: 22px; color: #3b4a59; }
"""


def state_of(session: SessionRecord) -> str:
    """The status code shown for a session: draft, recorded, being synced, synced or voided."""
    if session.status == "void":
        return "void"
    if session.synced:
        return "synced"
    if session.locked:
        return "sending"
    return session.status


class SessionListScreen(QtWidgets.QWidget):
    """Emits ``new_session``, ``open_session`` with an id, and ``show_stats``."""

    new_session = Signal()
    open_session = Signal(int)
    show_stats = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(LIST_STYLE)
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.empty = QtWidgets.QLabel()
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.list = QtWidgets.QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._opened)
        QtWidgets.QScroller.grabGesture(
            self.list.viewport(), QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.new_button = QtWidgets.QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_session)
        self.stats_button = QtWidgets.QPushButton()
        self.stats_button.clicked.connect(self.show_stats)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.stats_button)
        header.addWidget(self.new_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addLayout(header)
        layout.addSpacing(12)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self._sessions: list[SessionRecord] = []
        self.set_ready(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Outreach sessions"))
        self.new_button.setText(_("New session"))
        self.stats_button.setText(_("Statistics"))
        self.show_sessions(self._sessions)

    def set_ready(self, ready: bool) -> None:
        """Sessions can be opened only once the database is open."""
        self.new_button.setEnabled(ready)
        self.stats_button.setEnabled(ready)
        self.list.setEnabled(ready)

    def show_sessions(self, sessions: list[SessionRecord]) -> None:
        self._sessions = sessions
        self.list.clear()
        for session in sessions:
            item = QtWidgets.QListWidgetItem(describe(session))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, session.id)
            self.list.addItem(item)
        self.empty.setText(
            "" if sessions else _("No sessions yet. Start one when you meet a group of workers.")
        )
        self.empty.setVisible(not sessions)

    def _opened(self, item: QtWidgets.QListWidgetItem) -> None:
        self.open_session.emit(int(item.data(QtCore.Qt.ItemDataRole.UserRole)))


def describe(session: SessionRecord) -> str:
    form = session.form
    workers = _("Workers reached: {count}").format(count=form.workers_reached)
    parts = [  # what matters most first: long translations wrap at the end of the row
        form.session_date.isoformat(),
        labels.label(labels.STATUSES, state_of(session)),
        workers,
        labels.label(labels.REGIONS, form.region),
        labels.label(labels.SECTORS, form.sector),
    ]
    return "  ·  ".join(parts)
