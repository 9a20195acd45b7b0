"""The local statistics panel: this device's reach today, this week and this month, the cards
printed, what is still waiting to be synced, and a CSV for the coordinator.

A standalone widget, so the admin screen and the outreach window can both hold one. The figures
are computed on a background thread (kiosk.reach.stats, read from rollups, through the UI's
:class:`~ui.common.tasks.TaskRunner`) and shown when ready; the CSV goes to the data folder's
``exports/`` and the panel says where.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.bidi_text import for_language
from kiosk.i18n import N_, _
from kiosk.packs.load import Pack
from ui.common import labels
from ui.common.tasks import TaskRunner
from ui.qt import QtCore, QtGui, QtWidgets, Signal, Slot

# kiosk.reach.stats and kiosk.storage.database load SQLAlchemy: only when figures are asked for
if TYPE_CHECKING:
    from kiosk.reach.stats import LocalStats
    from kiosk.storage.database import Database

PERIODS = ("today", "week", "month")  # kiosk.reach.stats.PERIODS, without importing it at start-up

PANEL_STYLE = """
QTreeWidget { font-size: 20px; background: #ffffff; border: 2px solid #9aa8b5; border-radius: 8px; }
QTreeWidget::item { min-height: 36px; }
QHeaderView::section { font-size: 18px; font-weight: bold; padding: 6px; background: #e8e4da;
                       border: none; }
QLabel#summary { font-size: 22px; }
QLabel#status { font-size: 18px; color: #0b4f6c; }
"""
MEASURE_HEADINGS = {
    "channel": N_("People reached, by channel"),
    "language": N_("Languages"),
    "topic": N_("Topics"),
    "requested": N_("Languages asked for but not offered"),
    "kind": N_("All events, by kind"),
}


class StatsPanel(QtWidgets.QWidget):
    """Emits ``refreshed`` when new figures are shown and ``exported`` with the CSV's path."""

    refreshed = Signal()
    exported = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        database: Database,
        data_dir: Path,
        pack: Pack | None = None,
        today: Callable[[], date] = lambda: datetime.now().astimezone().date(),
        parent: QtWidgets.QWidget | None = None,
    ):
        super().__init__(parent)
        self.setStyleSheet(PANEL_STYLE)
        self._database = database
        self._data_dir = data_dir
        self._pack = pack
        self._today = today
        self._tasks = TaskRunner(self, name="stats")  # one worker: an export follows its count
        self.stats: LocalStats | None = None

        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setDefaultAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 170)
        QtWidgets.QScroller.grabGesture(
            self.tree.viewport(), QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QtWidgets.QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QtWidgets.QPushButton()
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        # A host screen may put its own buttons (e.g. "Back") at the start of this row.
        self.footer = footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.refresh_button)
        footer.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(footer)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Reach counted on this device"))
        self.tree.setHeaderLabels(["", _("Today"), _("This week"), _("This month")])
        self.refresh_button.setText(_("Refresh"))
        self.export_button.setText(_("Export CSV"))
        if self.stats is not None:
            self._show(self.stats)

    @Slot()
    def refresh(self) -> None:
        """Compute the figures again, off the GUI thread."""
        self.refresh_button.setEnabled(False)
        self.status.setText(_("Counting…"))
        from kiosk.reach.stats import compute

        engine, today = self._database.engine, self._today()
        self._tasks.run(lambda: compute(engine, today), self._computed, self._not_computed)

    @Slot()
    def export(self) -> None:
        """Write the figures shown to a CSV in the data folder's exports/."""
        if self.stats is None:
            return
        self.export_button.setEnabled(False)
        from kiosk.reach.stats import export_csv

        stats, folder = self.stats, self._data_dir
        self._tasks.run(lambda: export_csv(stats, folder), self._written, self._not_written)

    def _computed(self, stats: LocalStats) -> None:
        self.refresh_button.setEnabled(True)
        self.stats = stats
        self._show(self.stats)
        self.status.setText("")
        self.export_button.setEnabled(True)
        self.refreshed.emit()

    def _not_computed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self._fail(_("The figures could not be read: {error}").format(error=error))

    def _written(self, written: Path) -> None:
        self.export_button.setEnabled(True)
        path = str(written)
        self.status.setText(
            for_language(
                _("Saved to {path}. Counts from 1 to 4 are written as <5.").format(path=path)
            )
        )
        self.exported.emit(path)

    def _not_written(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._fail(_("The CSV file could not be written: {error}").format(error=error))

    def _fail(self, message: str) -> None:
        self.status.setText(for_language(message))
        self.failed.emit(message)

    def _show(self, stats: LocalStats) -> None:
        periods = {period.name: period for period in stats.periods}
        self.summary.setText(
            for_language(
                _(
                    "As of {today}. Week from {week}, month from {month}. "
                    "Not yet synced: {backlog} events."
                ).format(
                    today=stats.today.isoformat(),
                    week=periods["week"].first.isoformat(),
                    month=periods["month"].first.isoformat(),
                    backlog=stats.backlog,
                )
            )
        )
        self.tree.clear()
        bold = QtGui.QFont(self.tree.font())
        bold.setBold(True)
        cards = QtWidgets.QTreeWidgetItem(
            [_("Cards printed or handed out"), *(str(stats.cards_printed[p]) for p in PERIODS)]
        )
        self._style(cards, bold)
        self.tree.addTopLevelItem(cards)
        for measure, heading in MEASURE_HEADINGS.items():
            head = QtWidgets.QTreeWidgetItem([_(heading)])
            head.setFont(0, bold)
            head.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(head)
            codes = stats.codes(measure)
            if not codes:
                self.tree.addTopLevelItem(QtWidgets.QTreeWidgetItem(["    " + _("none yet")]))
            for code in codes:
                figures = [str(stats.count(period, measure, code)) for period in PERIODS]
                row = QtWidgets.QTreeWidgetItem(["    " + self._name(measure, code), *figures])
                self._style(row, None)
                self.tree.addTopLevelItem(row)

    def _style(self, item: QtWidgets.QTreeWidgetItem, font: QtGui.QFont | None) -> None:
        for column in (1, 2, 3):
            item.setTextAlignment(
                column, QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
            )
            if font is not None:
                item.setFont(column, font)
        if font is not None:
            item.setFont(0, font)

    def _name(self, measure: str, code: str) -> str:
        if measure in ("language", "requested"):
            return labels.language_label(code)
        if measure == "channel":
            return labels.label(labels.CHANNELS, code)
        if measure == "kind":
            return labels.label(labels.KINDS, code)
        if measure == "topic" and self._pack is not None and code in self._pack.topics:
            return self._pack.title(code, i18n.active_language())
        return code
