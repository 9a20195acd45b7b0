"""The coordinator's charts: reach over time, visits and sessions by language, topics, kiosk
against outreach, and the languages visitors asked for that the kiosk does not have.

They draw the published (suppressed) tables the central sent; a hidden number (``<5``, ``x``)
has no value, so it gets no bar, no point and no slice, and the panel says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final

from kiosk.i18n import N_, _
from sync.stats import timeline
from sync.stats.labels import Labels
from sync.stats.protocol import StatsQuery, StatsTable
from ui.qt import QtCharts, QtCore, QtGui, QtWidgets

CHARTS = {
    "over_time": N_("Reach over time"),
    "languages": N_("Visits and sessions by language"),
    "topics": N_("Topics read"),
    "channels": N_("Kiosk and outreach"),
    "requested": N_("Languages asked for but missing"),
}
COLOURS = ("#0b4f6c", "#d1861f", "#1d6b3a", "#8c3b59", "#5b6b7a")
MAX_BARS = 12
BAR_LINE = 30  # px of chart height per bar, room for one line of label
BAR_CHART_CHROME = 130  # px for the title, the value axis and the margins

# (row, column, columns spanned): topic titles are the longest labels, so topics get two columns
GRID: Final = {
    "over_time": (0, 0, 1),
    "channels": (0, 1, 1),
    "languages": (0, 2, 1),
    "topics": (1, 0, 2),
    "requested": (1, 2, 1),
}


def auto_interval(first: date, last: date) -> str:
    days = (last - first).days + 1
    if days <= 31:
        return "day"
    if days <= 190:
        return "week"
    return "month" if days <= 3 * 366 else "quarter"


def chart_queries(query: StatsQuery) -> dict[str, StatsQuery]:
    """What the charts need for the days ``query`` covers (always the published counts)."""
    first, last = query.days()
    interval = query.interval if query.interval != "none" else auto_interval(first, last)

    def q(**fields: object) -> StatsQuery:
        return StatsQuery.model_validate(
            {"period": "custom", "start": first, "end": last, **fields}
        )

    return {
        # over time, broken down as the coordinator chose (by channel when nothing is chosen)
        "over_time": q(
            interval=interval,
            group_by=query.group_by[:1] or ("channel",),
            filters=query.filters,
            measure=query.measure,
        ),
        # the same table as the funder report's (sync.stats.report): languages as chosen
        "languages": q(
            group_by=("language",), filters={"kind": ("language_selected",)}, measure="events"
        ),
        "topics": q(group_by=("topic",), filters={"kind": ("topic_viewed",)}, measure="quantity"),
        "channels": q(group_by=("channel",)),
        "requested": q(
            group_by=("language",), filters={"kind": ("language_requested",)}, measure="events"
        ),
    }


def _count_axis(top: int) -> QtCharts.QValueAxis:
    """A value axis from 0 with whole-number ticks at 1, 2 or 5 times a power of ten."""
    step = 1
    while top > step * 5:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if top <= step * 5:
                break
    ticks = max(1, -(-top // step))
    axis = QtCharts.QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, ticks * step)
    axis.setTickCount(ticks + 1)
    return axis


def _ranked(table: StatsTable, labels: Labels) -> list[tuple[str, int | None]]:
    names = labels.row_names(table)
    pairs = [(name, cells[0].value) for name, cells in zip(names, table.cells, strict=True)]
    pairs.sort(key=lambda pair: -(pair[1] or 0))
    return pairs[:MAX_BARS]


class ChartsPanel(QtWidgets.QWidget):
    """Five charts in a grid; :meth:`show_tables` draws them from the central's tables."""

    def __init__(self, language: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.labels = Labels(language)
        self.views: dict[str, QtCharts.QChartView] = {}
        grid = QtWidgets.QGridLayout(self)
        for name, title in CHARTS.items():
            view = QtCharts.QChartView()
            view.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(360, 240)
            view.chart().setTitle(_(title))
            view.chart().legend().hide()
            self.views[name] = view
            row, column, columns = GRID[name]
            grid.addWidget(view, row, column, 1, columns)
        self.note = QtWidgets.QLabel(_("Hidden numbers (<5, x) get no bar, point or slice."))
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        grid.addWidget(self.note, 2, 0, 1, 3)

    def chart(self, name: str) -> QtCharts.QChart:
        return self.views[name].chart()

    def show_tables(self, tables: Mapping[str, StatsTable]) -> None:
        self._over_time(tables["over_time"])
        self._bars("languages", _ranked(tables["languages"], self.labels))
        self._bars("topics", _ranked(tables["topics"], self.labels))
        self._bars("requested", _ranked(tables["requested"], self.labels))
        self._pie(tables["channels"])

    def _reset(self, name: str) -> QtCharts.QChart:
        chart = self.chart(name)
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _bars(self, name: str, pairs: Sequence[tuple[str, int | None]]) -> None:
        chart = self._reset(name)
        pairs = list(reversed(pairs))  # the largest on top
        bars = QtCharts.QBarSet(_(CHARTS[name]))
        bars.setColor(QtGui.QColor(COLOURS[0]))
        for _name, value in pairs:
            bars.append(float(value or 0))
        series = QtCharts.QHorizontalBarSeries()
        series.append(bars)
        chart.addSeries(series)
        names = QtCharts.QBarCategoryAxis()
        names.append([label for label, _value in pairs] or [""])
        # Qt elides a category label that has less height than its text: give every bar a line.
        self.views[name].setMinimumHeight(BAR_CHART_CHROME + BAR_LINE * max(len(pairs), 4))
        values = _count_axis(max([value or 0 for _name, value in pairs], default=0))
        chart.addAxis(names, QtCore.Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, QtCore.Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)

    def _over_time(self, table: StatsTable) -> None:
        chart = self._reset("over_time")
        table = timeline.until(table, date.today())  # no days still to come, drawn as zeros
        categories = QtCharts.QBarCategoryAxis()
        categories.append([timeline.short_name(row.key[0]) for row in table.rows])
        top = max(
            (cells[j].value or 0 for cells in table.cells for j in range(len(table.columns))),
            default=0,
        )
        values = _count_axis(top)
        chart.addAxis(categories, QtCore.Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, QtCore.Qt.AlignmentFlag.AlignLeft)
        for column, header in enumerate(table.columns):
            colour = QtGui.QColor(COLOURS[column % len(COLOURS)])
            name = self.labels.key(table.column_dimensions, header.key, table.site_names)
            # A hidden number breaks the line: one series per unbroken run.
            run: QtCharts.QLineSeries | None = None
            for row, cells in enumerate(table.cells):
                value = cells[column].value
                if value is None:
                    run = None
                    continue
                if run is None:
                    run = QtCharts.QLineSeries()
                    run.setName(name)
                    run.setColor(colour)
                    run.setPointsVisible(True)
                    chart.addSeries(run)
                    run.attachAxis(categories)
                    run.attachAxis(values)
                run.append(float(row), float(value))
        chart.legend().setVisible(len(table.columns) > 1)
        markers = {}
        for marker in chart.legend().markers():
            if marker.label() in markers:
                marker.setVisible(False)  # one legend entry per channel, not per run
            markers[marker.label()] = marker

    def _pie(self, table: StatsTable) -> None:
        chart = self._reset("channels")
        series = QtCharts.QPieSeries()
        for index, (name, cells) in enumerate(
            zip(self.labels.row_names(table), table.cells, strict=True)
        ):
            value = cells[0].value
            if value is None:
                continue
            piece = series.append(f"{name}: {self.labels.number(value)}", float(value))
            piece.setColor(QtGui.QColor(COLOURS[index % len(COLOURS)]))
        chart.addSeries(series)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(QtCore.Qt.AlignmentFlag.AlignBottom)
