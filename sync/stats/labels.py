"""Names of the statistics' dimensions, codes and measures, in the coordinator's language.

Why here and not in the UI: the central's exports and funder report (which run without Qt) and
the desktop's views must call a thing by the same name. Strings are marked with ``N_`` for the
interface catalogs and translated per call with the language asked for, so a server can write
one report in Spanish and the next in English without touching a global.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from kiosk.clock import PROJECT_EPOCH
from kiosk.i18n import N_, babel_locale, translations_for
from kiosk.reach.names import VALUE_NAMES  # one name per code, shared with the kiosk's screens
from sync.stats import timeline
from sync.stats.protocol import NOT_SET, SMALL, StatsTable, counts_people

DIMENSION_NAMES: Final = {
    "period": N_("Period"),
    "site": N_("Site"),
    "channel": N_("Channel"),
    "language": N_("Language"),
    "topic": N_("Topic"),
    "kind": N_("Kind of event"),
    "assisted": N_("Assisted"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "stream": N_("Stream"),
}
MEASURE_NAMES: Final = {
    "reach": N_("Reach"),
    "events": N_("Events"),
    "quantity": N_("Quantity"),
}
NOT_SET_NAME: Final = N_("(not set)")
TOTAL: Final = N_("Total")
MEASURE_EXPLANATIONS: Final = {
    "reach": N_(
        "Reach: visits started at a kiosk plus workers reached in outreach sessions. "
        "Languages chosen, topics read and cards printed describe that reach and are not "
        "added to it."
    ),
    "events": N_("Events: the number of events counted (one per visit, page read, card print)."),
    "quantity": N_(
        "Quantity: the sum of the events' quantities (cards printed, brochures given, workers "
        "present when a topic was presented)."
    ),
}
SUPPRESSION_NOTE: Final = N_(
    "To protect the people counted, numbers from 1 to 4 are shown as <5, and a few other "
    "numbers as x, so that no hidden number can be worked out from this table's totals. Totals "
    "are exact. A table too sparse to protect is not published at all."
)
RAW_NOTE: Final = N_("Raw counts: not suppressed. Do not publish.")
PARTIAL: Final = N_("{period} (partial)")
NO_DATA: Final = N_("no data")
NOT_PEOPLE_NOTE: Final = N_(
    "Outreach sessions are meetings, not people: they are shown as counted. The workers they "
    "reached are people, and are protected wherever they are counted."
)
REDATED_NOTE: Final = N_(
    "Of the total, {count} was counted on the day it reached the central server: the clock "
    "of the device that counted it was wrong (a date before {year} or in the future)."
)
REDATED_HIDDEN_NOTE: Final = N_(
    "Part of the total was counted on the day it reached the central server: the clock of "
    "the device that counted it was wrong (a date before {year} or in the future)."
)


@cache
def _pack_titles() -> dict[tuple[str, str], str]:
    """Topic titles from the shipped content pack, by (topic, language)."""
    from kiosk.packs.load import load_pack

    pack = load_pack()
    return {
        (topic, language): pack.title(topic, language)
        for topic in pack.topics
        for language in pack.languages
    }


class Labels:
    """Every name the statistics show, in one language."""

    def __init__(self, language: str):
        self.language = language
        self._catalog = translations_for(language)
        try:
            self._locale: Locale | None = babel_locale(language)
        except (ValueError, UnknownLocaleError):
            self._locale = None

    def __call__(self, message: str) -> str:
        return self._catalog.gettext(message)

    def dimension(self, name: str) -> str:
        return self(DIMENSION_NAMES.get(name, name))

    def measure(self, name: str) -> str:
        return self(MEASURE_NAMES.get(name, name))

    def value(self, dimension: str, code: str, sites: Mapping[str, str] | None = None) -> str:
        """The name of ``code`` as a value of ``dimension`` (codes without one stay codes); a
        site by the name its central gave it (``sites``, from the table)."""
        if code == NOT_SET:
            return self(NOT_SET_NAME)
        if dimension == "site" and sites and code in sites:
            return sites[code]
        if dimension == "language":
            return self.language_name(code)
        if dimension == "topic":
            return _pack_titles().get((code, self.language)) or _pack_titles().get(
                (code, "en"), code
            )
        names = VALUE_NAMES.get(dimension, {})
        return self(names[code]) if code in names else code

    def language_name(self, code: str) -> str:
        if self._locale is None:
            return code
        # A plain language code is named by CLDR's list of language names: asking the code's
        # locale for its name would follow CLDR's aliases (Tagalog is filed as "Filipino
        # (Philippines)"). Codes with a script (zh-Hans) keep their locale's full name.
        name = None if "-" in code else self._locale.languages.get(code)
        if name is None:
            try:
                name = babel_locale(code).get_display_name(self._locale)
            except (ValueError, UnknownLocaleError):
                return code
        return (name[:1].upper() + name[1:]) if name else code

    def key(
        self, dimensions: Sequence[str], key: Sequence[str], sites: Mapping[str, str] | None = None
    ) -> str:
        """A row's or column's name: its values' names joined with " / "."""
        if not key:
            return self(TOTAL)
        return " / ".join(self.value(d, v, sites) for d, v in zip(dimensions, key, strict=True))

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self._locale or "en")

    def day(self, value: date) -> str:
        return format_date(value, format="medium", locale=self._locale or "en")

    def row_names(self, table: StatsTable, as_of: date | None = None) -> list[str]:
        """The rows' names; with ``as_of``, a time bucket holding fewer than its days (clipped
        by the period, or still running on that day) is marked as partial."""
        dimension = table.row_dimension
        if dimension is None:
            return [self(TOTAL)]
        if dimension == "period":
            return [
                self(PARTIAL).format(period=row.key[0])
                if as_of is not None and timeline.partial(table, row, as_of)
                else row.key[0]
                for row in table.rows
            ]
        return [self.value(dimension, row.key[0], table.site_names) for row in table.rows]

    def column_names(self, table: StatsTable) -> list[str]:
        if not table.column_dimensions:
            return [self.measure(table.measure)]
        return [
            self.key(table.column_dimensions, column.key, table.site_names)
            for column in table.columns
        ]

    def row_heading(self, table: StatsTable) -> str:
        return self.dimension(table.row_dimension) if table.row_dimension else ""

    def explanation(self, measure: str) -> str:
        return self(MEASURE_EXPLANATIONS[measure])

    def protection(self, table: StatsTable) -> str:
        """How the table's numbers were protected, or why they were not."""
        if table.suppressed:
            return self(SUPPRESSION_NOTE)
        return self(RAW_NOTE if counts_people(table.query) else NOT_PEOPLE_NOTE)

    def is_raw(self, table: StatsTable) -> bool:
        """Raw counts of people, which must not be published."""
        return not table.suppressed and counts_people(table.query)

    def redated(self, table: StatsTable) -> str | None:
        """How much of the total was re-dated for a wrong device clock; None when none was."""
        count, year = table.redated, PROJECT_EPOCH.year
        if count.value == 0:
            return None
        if count.value is not None:
            return self(REDATED_NOTE).format(count=self.number(count.value), year=year)
        if count.shown == SMALL:
            return self(REDATED_NOTE).format(count=SMALL, year=year)
        return self(REDATED_HIDDEN_NOTE).format(year=year)
