"""The quarterly funder report: the PDF made from the published tables it needs.

The tables are those of :mod:`sync.stats.report_plan`, answered by the central from its database
or by the desktop through the API; :func:`build` draws them, so the report shows exactly the API's
numbers, whoever makes it. Nothing here reads a database or imports Qt. Strings
are in the coordinator's language (``sync.stats.labels``); in a right-to-left language the text is
laid out right to left (``sync.stats.report_text``) and the tables are mirrored, names on the right.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from io import BytesIO
from typing import Any, Final

from babel import UnknownLocaleError
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.i18n import N_, is_right_to_left
from sync.stats import charts as stats_charts
from sync.stats import timeline
from sync.stats.exports import grid
from sync.stats.labels import NO_DATA, SUPPRESSION_NOTE, Labels
from sync.stats.protocol import Count, StatsTable
from sync.stats.report_plan import REPORT_TABLES, quarter_label
from sync.stats.report_text import draw_line, paragraph

TITLE: Final = N_("Reach report")
QUARTER_NAME: Final = N_("{year}, quarter {quarter}")
MADE: Final = N_("Made on {date}. Source: Outreach Kiosk central, published (suppressed) counts.")
KEY_FIGURES: Final = N_("Key figures")
TOTAL_REACH: Final = N_("Total reach")
KIOSK_VISITS: Final = N_("Visits at kiosks")
WORKERS_REACHED: Final = N_("Workers reached in outreach sessions")
SESSIONS: Final = N_("Outreach sessions")
CARDS: Final = N_("Wallet cards handed out")
BROCHURES: Final = N_("Brochures given")
ABOUT_NUMBERS: Final = N_("About these numbers")
TRENDS: Final = N_("Trends")
TREND_WEEKS: Final = N_("Reach per week, at kiosks and in outreach")
TREND_QUARTERS: Final = N_("Reach in the last four quarters")
PARTIAL_WEEKS: Final = N_(
    "A week marked (partial) has fewer than seven days in it: the quarter starts or ends in "
    "it, or it was still running when this report was made."
)
LANGUAGES: Final = N_("Languages")
LANGUAGES_NOTE: Final = N_(
    "Kiosk visits held in each language, plus outreach sessions that used it. A visit that "
    "switched language counts in each."
)
REQUESTED: Final = N_("Languages asked for but not offered")
REQUESTED_NOTE: Final = N_(
    "How often a visitor asked for a language the kiosk does not have yet. None were asked for."
)
REQUESTED_SOME: Final = N_("How often a visitor asked for a language the kiosk does not have yet.")
TOPICS: Final = N_("Topics")
TOPICS_NOTE: Final = N_(
    "Times a topic was read at a kiosk, plus workers present when an outreach worker presented it."
)
CARDS_SECTION: Final = N_("Cards and brochures handed out")
REGIONS: Final = N_("Outreach sessions by region and sector")
REGIONS_NOTE: Final = N_("Number of outreach sessions held.")
WORKERS_BY_REGION: Final = N_("Workers reached in outreach sessions, by region")
HIDDEN_BARS: Final = N_("Hidden numbers (<5, x) are drawn without a bar or a point.")
NOTHING: Final = N_("Nothing was counted in this quarter.")

TABLE_STYLE = [
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#0b4f6c")),
    ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.HexColor("#777777")),
    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f0ea")]),
]


def _shown(count: Count, labels: Labels) -> str:
    return labels.number(count.value) if count.value is not None else count.shown


def _row(table: StatsTable, key: str) -> Count | None:
    """The count of a one-column table's row ``key`` (None when nothing was counted)."""
    for header, cells in zip(table.rows, table.cells, strict=True):
        if header.key == (key,):
            return cells[0]
    return None


class _Styles:
    def __init__(self) -> None:
        regular, bold = stats_charts.font(), stats_charts.font(bold=True)
        self.title = ParagraphStyle("title", fontName=bold, fontSize=22, leading=27)
        self.subtitle = ParagraphStyle("subtitle", fontName=regular, fontSize=13, leading=17)
        self.heading = ParagraphStyle(
            "heading", fontName=bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4
        )
        self.body = ParagraphStyle(
            "body", fontName=regular, fontSize=9.5, leading=13, alignment=TA_LEFT
        )
        self.small = ParagraphStyle(
            "small", fontName=regular, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        )
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
        self.cell_bold = ParagraphStyle("cell_bold", fontName=bold, fontSize=9, leading=11)
        # A column heading wraps within its column, and a word longer than the column is split
        # rather than drawn over its neighbours ("Procesamiento de alimentos" in 15 mm).
        self.column_heading = ParagraphStyle(
            "column_heading",
            fontName=bold,
            fontSize=8,
            leading=9.5,
            alignment=TA_RIGHT,
            splitLongWords=True,
        )
        self.figure = ParagraphStyle("figure", fontName=bold, fontSize=12, leading=14)


class _Report:
    def __init__(self, tables: Mapping[str, StatsTable], labels: Labels, made: date):
        self.tables = tables
        self.labels = labels
        self.made = made
        self.styles = _Styles()
        self.width = letter[0] - 40 * mm
        try:
            self.rtl = is_right_to_left(labels.language)
        except (ValueError, UnknownLocaleError):  # a language babel does not know: as Labels
            self.rtl = False
        self.story: list[Any] = []

    def text(self, message: str, style: ParagraphStyle, bold: bool = False, **values: Any) -> Any:
        return self.paragraph(self.labels(message).format(**values), style, bold)

    def paragraph(self, text: str, style: ParagraphStyle, bold: bool = False) -> Any:
        return paragraph(text, style, self.rtl, bold)

    def cells_table(
        self,
        data: list[list[Any]],
        widths: list[float],
        style: list[Any],
        bold_rows: Collection[int] = (),
    ) -> Any:
        """A Table of ``data``; right to left its columns are mirrored and every cell is text
        laid out right to left (reportlab would draw a plain string left to right)."""
        if self.rtl:
            data = [
                [self._cell(cell, index in bold_rows) for cell in reversed(row)]
                for index, row in enumerate(data)
            ]
            widths = list(reversed(widths))
        flowable = Table(data, colWidths=widths, hAlign="RIGHT" if self.rtl else "LEFT")
        flowable.setStyle(TableStyle(style))
        return flowable

    def table(self, table: StatsTable) -> Any:
        labels = self.labels
        rows = grid(table, labels, as_of=self.made)
        data = []
        last_row = len(rows) - 1 if table.row_dimension is not None else -1
        for index, row in enumerate(rows):
            bold = index in (0, last_row)
            style = self.styles.cell_bold if bold else self.styles.cell
            first = self.paragraph(str(row[0]), style, bold)
            rest: list[Any] = [labels.number(v) if isinstance(v, int) else v for v in row[1:]]
            if index == 0:  # column headings: wrapped within their columns
                rest = [self.paragraph(str(v), self.styles.column_heading, True) for v in rest]
            data.append([first, *rest])
        columns = len(rows[0])
        # The names' column gives way to the numbers' when there are many (region x sector):
        # a region name wraps well, a one-word sector heading in a narrow column does not.
        if columns > 5:
            name_width = 42 * mm
        else:
            name_width = min(self.width * 0.45, 70 * mm) if columns > 2 else 90 * mm
        other = (self.width - name_width) / max(1, columns - 1) if columns > 2 else 30 * mm
        widths = [name_width, *([other] * (columns - 1))]
        flowable = self.cells_table(
            data,
            widths,
            [
                *TABLE_STYLE,
                ("FONTNAME", (1, 0), (-1, -1), stats_charts.font()),
                ("FONTNAME", (1, 0), (-1, 0), stats_charts.font(bold=True)),
            ],
            bold_rows=(0, last_row),
        )
        flowable.repeatRows = 1
        return flowable

    def _cell(self, cell: Any, bold: bool) -> Any:
        if not isinstance(cell, str):
            return cell
        return self.paragraph(cell, self.styles.cell_bold if bold else self.styles.cell, bold)

    def figure(self, value: str) -> Any:
        """A key figure: a plain string, or right to left the figure laid out as text."""
        return self.paragraph(value, self.styles.figure, bold=True) if self.rtl else value

    def section(self, heading: str, *flowables: Any, then: Sequence[Any] = ()) -> None:
        """A heading with what follows it kept on one page, then ``then`` kept together."""
        self.story.append(
            KeepTogether([self.text(heading, self.styles.heading, bold=True), *flowables])
        )
        if then:
            self.story.append(KeepTogether(list(then)))

    # -- the parts ----------------------------------------------------------------------------

    def front(self, first: date, last: date) -> None:
        labels = self.labels
        quarter = (first.month - 1) // 3 + 1
        self.story += [
            self.text(TITLE, self.styles.title, bold=True),
            self.text(QUARTER_NAME, self.styles.subtitle, year=first.year, quarter=quarter),
            self.paragraph(
                f"{labels.day(first)} \N{EN DASH} {labels.day(last)}", self.styles.subtitle
            ),
            Spacer(1, 3 * mm),
            self.text(MADE, self.styles.small, date=labels.day(self.made)),
            Spacer(1, 4 * mm),
        ]

    def key_figures(self) -> None:
        labels = self.labels
        channels = self.tables["channels"]
        handed_out = self.tables["handed_out"]
        figures = [
            (TOTAL_REACH, channels.total),
            (KIOSK_VISITS, _row(channels, "kiosk")),
            (WORKERS_REACHED, _row(channels, "outreach")),
            (SESSIONS, self.tables["sessions"].total),
            (CARDS, _row(handed_out, "card_printed")),
            (BROCHURES, _row(handed_out, "brochure_given")),
        ]
        data = [
            [
                self.text(name, self.styles.cell),
                self.figure(_shown(count, labels) if count is not None else labels.number(0)),
            ]
            for name, count in figures
        ]
        flowable = self.cells_table(
            data,
            [90 * mm, 30 * mm],
            [
                ("FONTNAME", (1, 0), (-1, -1), stats_charts.font(bold=True)),
                ("FONTSIZE", (1, 0), (-1, -1), 12),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.HexColor("#cccccc")),
            ],
        )
        self.section(KEY_FIGURES, flowable)
        redated = labels.redated(self.tables["channels"])  # a kiosk's clock was wrong
        self.section(
            ABOUT_NUMBERS,
            self.paragraph(labels.explanation("reach"), self.styles.body),
            Spacer(1, 2 * mm),
            self.text(SUPPRESSION_NOTE, self.styles.body),
            *([Spacer(1, 2 * mm), self.paragraph(redated, self.styles.body)] if redated else []),
        )

    def trends(self) -> None:
        labels = self.labels
        # As of the day the report is made: no weeks still to come, no quarter without data
        # drawn as a zero, and weeks of fewer than seven days marked as partial.
        weeks = timeline.until(self.tables["weeks"], self.made)
        quarters = timeline.with_no_data(
            timeline.until(self.tables["quarters"], self.made), labels(NO_DATA)
        )
        series = [
            (
                labels.key(weeks.column_dimensions, column.key, weeks.site_names),
                [row[j].value for row in weeks.cells],
            )
            for j, column in enumerate(weeks.columns)
        ]
        categories = [row.key[0] for row in weeks.rows]
        self.section(
            TRENDS,
            self.text(TREND_WEEKS, self.styles.body, bold=True),
            stats_charts.lines(categories, series, self.width),
            self.text(HIDDEN_BARS, self.styles.small),
            self.table(weeks),
            *(
                [self.text(PARTIAL_WEEKS, self.styles.small)]
                if any(timeline.partial(weeks, row, self.made) for row in weeks.rows)
                else []
            ),
            then=[
                Spacer(1, 4 * mm),
                self.text(TREND_QUARTERS, self.styles.body, bold=True),
                stats_charts.vertical_bars(
                    [row.key[0] for row in quarters.rows],
                    [total.value for total in quarters.row_totals],
                    self.width,
                ),
                self.table(quarters),
                self.text(HIDDEN_BARS, self.styles.small),
            ],
        )

    def ranked(self, name: str, heading: str, note: str) -> None:
        table = self.tables[name]
        flowables = [self.text(note, self.styles.body)]
        if table.rows:
            ordered = sorted(
                zip(self.labels.row_names(table), table.cells, strict=True),
                key=lambda pair: -(pair[1][0].value or 0),
            )
            flowables += [
                stats_charts.horizontal_bars(
                    [label for label, _cells in ordered],
                    [cells[0].value for _label, cells in ordered],
                    self.width,
                ),
                self.table(table),
                self.text(HIDDEN_BARS, self.styles.small),
            ]
        else:
            flowables.append(self.text(NOTHING, self.styles.small))
        self.section(heading, *flowables)

    def plain(self, name: str, heading: str, note: str | None = None) -> None:
        table = self.tables[name]
        flowables = [self.text(note, self.styles.body)] if note else []
        flowables.append(self.table(table) if table.rows else self.text(NOTHING, self.styles.small))
        self.section(heading, *flowables)

    def build(self) -> list[Any]:
        channels = self.tables["channels"]
        self.front(channels.first, channels.last)
        self.key_figures()
        self.trends()
        self.ranked("languages", LANGUAGES, LANGUAGES_NOTE)
        requested = self.tables["requested"]
        self.plain("requested", REQUESTED, REQUESTED_SOME if requested.rows else REQUESTED_NOTE)
        self.ranked("topics", TOPICS, TOPICS_NOTE)
        self.plain("handed_out", CARDS_SECTION)
        self.plain("sessions", REGIONS, REGIONS_NOTE)
        self.plain("workers", WORKERS_BY_REGION)
        return self.story


def build(
    tables: Mapping[str, StatsTable],
    language: str = "en",
    made: date | None = None,
) -> bytes:
    """The report PDF from the tables of :func:`report_queries` (as the API published them)."""
    missing = set(REPORT_TABLES) - set(tables)
    if missing:
        raise ValueError(f"the report needs the tables {', '.join(sorted(missing))}")
    labels = Labels(language)
    report = _Report(tables, labels, made or date.today())
    out = BytesIO()
    channels = tables["channels"]
    document = SimpleDocTemplate(
        out,
        pagesize=letter,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{labels(TITLE)} {quarter_label(channels.first)}",
        author="Outreach Kiosk",
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(stats_charts.font(), 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        text = f"{labels(TITLE)} {quarter_label(channels.first)} · {doc.page}"
        if report.rtl:
            draw_line(canvas, text, 20 * mm, 10 * mm, letter[0] - 40 * mm, 7.5)
        else:
            canvas.drawString(20 * mm, 10 * mm, text)
        canvas.restoreState()

    document.build(report.build(), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
