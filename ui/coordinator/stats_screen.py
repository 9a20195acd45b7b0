"""The coordinator's statistics view: pick a period and a breakdown, read the table and the charts,
export what is shown (CSV, XLSX) or the quarter's funder report (PDF).

Every number on it comes from the central's statistics API, published (small counts hidden)
unless a coordinator ticks "raw counts", which the central writes to its audit log; exports and
the report are written from the same answers (``sync.stats.exports``, ``sync.stats.report``),
so a file can never show more than the screen did. Requests run on ``Central``'s worker thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import ValidationError

from kiosk.i18n import N_, _
from sync.stats.exports import grid
from sync.stats.labels import Labels
from sync.stats.protocol import DIMENSIONS, StatsQuery, StatsTable, period_range
from ui.coordinator.charts import ChartsPanel, chart_queries
from ui.coordinator.worker import Central
from ui.qt import QtCore, QtGui, QtWidgets, Signal, Slot

PERIODS = {
    "day": N_("Day"),
    "week": N_("Week"),
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "year": N_("Year"),
    "custom": N_("Custom range"),
}
INTERVALS = {
    "none": N_("No time breakdown"),
    "day": N_("By day"),
    "week": N_("By week"),
    "month": N_("By month"),
    "quarter": N_("By quarter"),
}
NO_DIMENSION = ""


def _combo(items: dict[str, str], translate: bool = True) -> QtWidgets.QComboBox:
    combo = QtWidgets.QComboBox()
    for code, name in items.items():
        combo.addItem(_(name) if translate else name, code)
    return combo


class StatsScreen(QtWidgets.QWidget):
    """Emits ``signed_out`` when the coordinator signs out and ``expired`` (message) when the
    central no longer accepts the sign-in."""

    signed_out = Signal()
    expired = Signal(str)
    shown = Signal()
    exported = Signal(str)

    def __init__(self, central: Central, language: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.central = central
        self.language = language
        self.labels = Labels(language)
        self.table_answer: StatsTable | None = None
        self._pending: dict[int, str] = {}

        self.person = QtWidgets.QLabel()
        self.sign_out = QtWidgets.QPushButton(_("Sign out"))
        self.period = _combo(PERIODS)
        self.period.setCurrentIndex(list(PERIODS).index("quarter"))
        self.start = QtWidgets.QDateEdit(QtCore.QDate.currentDate())
        self.end = QtWidgets.QDateEdit(QtCore.QDate.currentDate())
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.interval = _combo(INTERVALS)
        dimensions = {NO_DIMENSION: _("(none)")} | {
            name: self.labels.dimension(name) for name in DIMENSIONS
        }
        self.group_by = _combo(dimensions, translate=False)
        self.group_by.setCurrentIndex(list(dimensions).index("language"))
        self.then_by = _combo(dimensions, translate=False)
        self.measure = _combo(
            {name: self.labels.measure(name) for name in ("reach", "events", "quantity")},
            translate=False,
        )
        self.raw = QtWidgets.QCheckBox(_("Raw counts (recorded in the audit log)"))
        self.raw.hide()
        self.show_button = QtWidgets.QPushButton(_("Show"))
        self.show_button.setObjectName("primary")
        self.export_csv = QtWidgets.QPushButton(_("Export CSV…"))
        self.export_xlsx = QtWidgets.QPushButton(_("Export XLSX…"))
        self.export_report = QtWidgets.QPushButton(_("Funder report (PDF)…"))
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.table = QtWidgets.QTableWidget()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.charts = ChartsPanel(language)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.table, _("Table"))
        # The bar charts grow with their number of bars so that no label is cut: scroll.
        charts_scroll = QtWidgets.QScrollArea()
        charts_scroll.setWidgetResizable(True)
        charts_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        charts_scroll.setWidget(self.charts)
        self.tabs.addTab(charts_scroll, _("Charts"))
        self._layout()

        self.period.currentIndexChanged.connect(self._period_changed)
        self.start.dateChanged.connect(self._period_changed)
        self.show_button.clicked.connect(self.refresh)
        self.sign_out.clicked.connect(self.signed_out)
        self.export_csv.clicked.connect(lambda: self._ask_path("csv"))
        self.export_xlsx.clicked.connect(lambda: self._ask_path("xlsx"))
        self.export_report.clicked.connect(lambda: self._ask_path("pdf"))
        self.central.answered.connect(self._answered)
        self.central.failed.connect(self._failed)
        self._period_changed()
        self._set_exports_enabled(False)

    def _layout(self) -> None:
        top = QtWidgets.QHBoxLayout()
        heading = QtWidgets.QLabel(_("Reach statistics"))
        heading.setObjectName("heading")
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.person)
        top.addWidget(self.sign_out)
        controls = QtWidgets.QGridLayout()
        pairs = [
            (_("Period"), self.period),
            (_("From"), self.start),
            (_("To"), self.end),
            (_("Over time"), self.interval),
            (_("Break down by"), self.group_by),
            (_("then by"), self.then_by),
            (_("Measure"), self.measure),
        ]
        for column, (label, widget) in enumerate(pairs):
            controls.addWidget(QtWidgets.QLabel(label), 0, column)
            controls.addWidget(widget, 1, column)
        controls.addWidget(self.show_button, 1, len(pairs))
        controls.addWidget(self.raw, 2, 0, 1, len(pairs))
        exports = QtWidgets.QHBoxLayout()
        exports.addWidget(self.status, 1)
        for button in (self.export_csv, self.export_xlsx, self.export_report):
            exports.addWidget(button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addLayout(exports)

    # -- what the coordinator asks ------------------------------------------------------------

    def set_person(self, name: str, role: str) -> None:
        self.person.setText(
            _("Signed in as {name} ({role})").format(
                name=name, role=_("coordinator") if role == "coordinator" else _("viewer")
            )
        )
        self.raw.setVisible(role == "coordinator")
        self.raw.setChecked(False)

    def set_query(self, query: StatsQuery) -> None:
        """Put ``query`` into the controls (for tests, and to start on a sensible view)."""
        self.period.setCurrentIndex(list(PERIODS).index(query.period))
        self.start.setDate(QtCore.QDate(query.start.year, query.start.month, query.start.day))
        if query.end is not None:
            self.end.setDate(QtCore.QDate(query.end.year, query.end.month, query.end.day))
        self.interval.setCurrentIndex(list(INTERVALS).index(query.interval))
        dimensions = [self.group_by.itemData(i) for i in range(self.group_by.count())]
        group_by = [*query.group_by, NO_DIMENSION, NO_DIMENSION]
        self.group_by.setCurrentIndex(dimensions.index(group_by[0]))
        self.then_by.setCurrentIndex(dimensions.index(group_by[1]))
        self.measure.setCurrentIndex(["reach", "events", "quantity"].index(query.measure))
        self.raw.setChecked(query.raw)

    def query(self) -> StatsQuery:
        """The query the controls describe (ValidationError when they make none)."""
        period = self.period.currentData()
        group_by = [
            value
            for value in (self.group_by.currentData(), self.then_by.currentData())
            if value != NO_DIMENSION
        ]
        return StatsQuery.model_validate(
            {
                "period": period,
                "start": _day(self.start.date()),
                "end": _day(self.end.date()) if period == "custom" else None,
                "interval": self.interval.currentData(),
                "group_by": tuple(dict.fromkeys(group_by)),
                "measure": self.measure.currentData(),
                "raw": self.raw.isVisible() and self.raw.isChecked(),
            }
        )

    @Slot()
    def _period_changed(self) -> None:
        """A named period starts on its first day and its last day follows (a quarter chosen on
        7 December reads "From 2026-10-01", not "From 2026-12-07"); only a custom one is typed."""
        period = self.period.currentData()
        self.end.setEnabled(period == "custom")
        if period != "custom":
            first, last = period_range(period, _day(self.start.date()))
            if _day(self.start.date()) != first:
                self.start.setDate(QtCore.QDate(first.year, first.month, first.day))
                return  # dateChanged comes back here with the first day
            self.end.setDate(QtCore.QDate(last.year, last.month, last.day))

    def _checked_query(self) -> StatsQuery | None:
        if self.period.currentData() == "custom" and self.end.date() < self.start.date():
            self._say(_("The end date is before the start date."))
            return None
        try:
            return self.query()
        except ValidationError as exc:
            self._say(_("This period cannot be shown: {problem}").format(problem=_problem(exc)))
            return None

    @Slot()
    def refresh(self) -> None:
        query = self._checked_query()
        if query is None:
            return
        queries = {"table": query, **chart_queries(query)}
        self._pending[self.central.fetch(queries)] = "show"
        self._say(_("Asking the central…"), error=False)
        self.show_button.setEnabled(False)

    def export_to(self, path: Path, file_format: str) -> None:
        """Write the current view (csv, xlsx) or its quarter's funder report (pdf) to ``path``."""
        query = self._checked_query()
        if query is None:
            return
        if file_format == "pdf":
            quarter = period_range("quarter", query.start)[0]
            number = self.central.report(quarter, path, self.language)
        else:
            number = self.central.export(query, path, file_format, self.language)
        self._pending[number] = f"export:{path}"
        self._say(_("Writing {file}…").format(file=path.name), error=False)

    def _ask_path(self, file_format: str) -> None:
        suggested = {
            "csv": "reach-statistics.csv",
            "xlsx": "reach-statistics.xlsx",
            "pdf": f"reach-report-{_quarter_name(_day(self.start.date()))}.pdf",
        }[file_format]
        filters = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)"}
        path, _chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, _("Save as"), str(Path.home() / suggested), filters[file_format]
        )
        if path:
            self.export_to(Path(path), file_format)

    # -- what the central answers -------------------------------------------------------------

    @Slot(int, object)
    def _answered(self, number: int, answer: object) -> None:
        purpose = self._pending.pop(number, None)
        if purpose is None:
            return
        if purpose == "show":
            assert isinstance(answer, dict)
            self.show_button.setEnabled(True)
            self._show(answer["table"])
            self.charts.show_tables(answer)
            self.shown.emit()
            return
        path = purpose.removeprefix("export:")
        self._say(_("Saved {file}").format(file=path), error=False)
        self.exported.emit(path)

    @Slot(int, str, int)
    def _failed(self, number: int, message: str, status: int) -> None:
        purpose = self._pending.pop(number, None)
        if purpose is None:
            return
        self.show_button.setEnabled(True)
        if status == 401:
            self.expired.emit(_("Your sign-in has expired. Sign in again."))
        elif status == 403:
            self._say(_("The central refused: {detail}").format(detail=message))
        elif status in (0, 429) or status >= 500:
            self._say(_("The central cannot be reached: {detail}").format(detail=message))
        else:
            self._say(_("The central cannot answer this: {detail}").format(detail=message))

    def _show(self, table: StatsTable) -> None:
        self.table_answer = table
        rows = grid(table, self.labels)
        self.table.clear()
        self.table.setRowCount(len(rows) - 1)
        self.table.setColumnCount(len(rows[0]))
        self.table.setHorizontalHeaderLabels([str(value) for value in rows[0]])
        bold = QtGui.QFont(self.table.font())
        bold.setBold(True)
        last = len(rows) - 2 if table.row_dimension is not None else -1
        for i, row in enumerate(rows[1:]):
            for j, value in enumerate(row):
                text = self.labels.number(value) if isinstance(value, int) else str(value)
                item = QtWidgets.QTableWidgetItem(text)
                if j > 0:
                    item.setTextAlignment(
                        QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
                    )
                if i == last or j == 0:
                    item.setFont(bold)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        first, last_day = self.labels.day(table.first), self.labels.day(table.last)
        redated = self.labels.redated(table)
        self.note.setText(
            f"{first} \N{EN DASH} {last_day} · {self.labels.explanation(table.measure)}\n"
            + self.labels.protection(table)
            + (f"\n{redated}" if redated else "")
        )
        self.note.setProperty("raw", self.labels.is_raw(table))
        self.note.style().polish(self.note)
        self._say("", error=False)
        self._set_exports_enabled(True)

    def forget(self) -> None:
        """Stop listening to the central: answers to this view's questions now go nowhere."""
        self._pending.clear()
        self.table_answer = None
        self.central.answered.disconnect(self._answered)
        self.central.failed.disconnect(self._failed)

    def cell_texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and people alike)."""
        columns = range(self.table.columnCount())
        header = [_text(self.table.horizontalHeaderItem(j)) for j in columns]
        body = [
            [_text(self.table.item(i, j)) for j in columns] for i in range(self.table.rowCount())
        ]
        return [header, *body]

    def _set_exports_enabled(self, enabled: bool) -> None:
        for button in (self.export_csv, self.export_xlsx, self.export_report):
            button.setEnabled(enabled)

    def _say(self, text: str, error: bool = True) -> None:
        self.status.setProperty("error", error)
        self.status.style().polish(self.status)
        self.status.setText(text)


def _text(item: QtWidgets.QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _day(value: QtCore.QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _problem(exc: ValidationError) -> str:
    return "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())


def _quarter_name(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
