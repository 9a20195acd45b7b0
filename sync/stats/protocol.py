"""The statistics API's wire schema, shared by the central and the coordinator's desktop client.

Why one module for both sides (as ``sync.protocol`` is for devices): a query the desktop builds
and the central answers must be checked by the same rules, and the table the central sends is
the one the desktop draws, exports and turns into a funder report. The central fills the numbers
in (``sync.central.stats.tables``); nothing here reads a database or imports Qt.

The answer is always a two-way table with totals: rows are the time buckets of ``interval`` (or,
without one, the values of the first group-by dimension), columns are the values of the other
group-by dimensions. Unless a coordinator asked for raw counts, small cells are hidden
(``sync.central.stats.suppression``): a count of 1 to 4 is shown as ``<5`` and a few more cells as
``x``, so that no hidden count can be worked out from the totals.

Events whose device clock cannot have been right are counted on the day they reached the
central (``sync.central.db.clock``); the table says how much of its total and of each row that is
(``redated``, ``row_redated``, suppressed like the figures they are part of), and names each
site it shows by the name its coordinators gave it (``site_names``). Those three fields
were added later with defaults, so a desktop reads the answers of a central that predates them;
a desktop that predates them refuses a newer central's answer (unknown fields), so upgrade the
desktops with the central.

A sign-in ends when the desktop signs out (``DELETE`` on the sign-in path with its token,
protocol revision 4; a central that predates it answers 405 and the token lasts until it
expires), when a coordinator sets the person's password, or when the person is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Annotated, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)

from kiosk.clock import PROJECT_EPOCH
from kiosk.codes import LANGUAGE_CODE, SITE_CODE, TOPIC_ID
from kiosk.reach.fields import DIMENSIONS as DIMENSIONS  # the fields counted by
from kiosk.reach.fields import NULLABLE_DIMENSIONS as NULLABLE_DIMENSIONS
from kiosk.reach.vocabulary import (
    BC_REGIONS,
    CHANNELS,
    EVENT_KINDS,
    SECTORS,
    STREAMS,
)
from sync.protocol import API_PREFIX

STATS_PATH: Final = f"{API_PREFIX}/stats"
AUTH_TOKEN_PATH: Final = f"{API_PREFIX}/auth/token"

NOT_SET: Final = "-"
"""The value of a dimension an event does not carry (a visit has no topic), in filters and keys."""

PERIODS: Final = ("day", "week", "month", "quarter", "year", "custom")
INTERVALS: Final = ("none", "day", "week", "month", "quarter")
MEASURES: Final = ("reach", "events", "quantity")
MAX_GROUP_BY: Final = 3
MAX_RANGE_DAYS: Final = 3660
EARLIEST: Final = date(2000, 1, 1)
LATEST: Final = date(2099, 12, 31)
MAX_CELLS: Final = 20_000

NOT_PEOPLE_KINDS: Final = frozenset({"outreach_session"})
"""Events that are not people when counted one by one: an outreach session is a meeting (its
workers are people, counted as its quantity in reach)."""

SMALL_CELL_LIMIT: Final = 5
"""Counts from 1 to SMALL_CELL_LIMIT - 1 are never published (unless raw counts were asked for)."""
SMALL: Final = f"<{SMALL_CELL_LIMIT}"
HIDDEN: Final = "x"

REACH_DEFINITION: Final = (
    "Reach = visits started at a kiosk (channel kiosk, kind visit) plus the workers reached "
    "in outreach sessions (the number of workers of each outreach_session event). Other "
    "events (languages chosen, topics read, cards printed) describe what was reached and are "
    "not added to it."
)
REDATED_DEFINITION: Final = (
    f"Events dated before {PROJECT_EPOCH} or more than a day after they reached the central cannot "
    "have been dated by a right clock: they are counted on the day they reached it (UTC), and "
    "'redated' says how much of a figure that is."
)
MEASURE_DEFINITIONS: Final = {
    "reach": REACH_DEFINITION,
    "events": "Events = the number of events counted (one per visit, page, card print...).",
    "quantity": "Quantity = the sum of the events' quantities (cards printed, brochures "
    "given, workers present).",
}

Dimension = Literal[
    "site", "channel", "language", "topic", "kind", "assisted", "region", "sector", "stream"
]
Period = Literal["day", "week", "month", "quarter", "year", "custom"]
Interval = Literal["none", "day", "week", "month", "quarter"]
Measure = Literal["reach", "events", "quantity"]

QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")


def _choices(values: Sequence[str]) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(re.escape(value) for value in values) + ")$")


VALUE_PATTERNS: Final[Mapping[str, re.Pattern[str]]] = {
    "site": SITE_CODE,
    "channel": _choices(CHANNELS),
    "language": LANGUAGE_CODE,
    "topic": TOPIC_ID,
    "kind": _choices(EVENT_KINDS),
    "assisted": _choices(("true", "false")),
    "region": _choices(BC_REGIONS),
    "sector": _choices(SECTORS),
    "stream": _choices(STREAMS),
}


class StatsQueryError(ValueError):
    """A statistics query that cannot be answered; the message says what to change."""


def check_value(dimension: str, value: str) -> str:
    """``value`` if it is a valid code of ``dimension`` (or NOT_SET for a nullable one)."""
    if value == NOT_SET and dimension in NULLABLE_DIMENSIONS:
        return value
    if not VALUE_PATTERNS[dimension].fullmatch(value):
        raise StatsQueryError(f"{value!r} is not a valid {dimension} code")
    return value


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatsQuery(WireModel):
    """What to count, over which days, broken down how."""

    period: Period = "custom"
    start: date = Field(description="First day; for a named period any day inside it.")
    end: date | None = Field(None, description="Last day (custom periods only).")
    interval: Interval = "none"
    group_by: tuple[Dimension, ...] = Field((), max_length=MAX_GROUP_BY)
    filters: dict[Dimension, tuple[str, ...]] = Field(default_factory=dict)
    measure: Measure = "reach"
    raw: StrictBool = False

    @model_validator(mode="after")
    def _consistent(self) -> StatsQuery:
        for day in (self.start, self.end):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise ValueError(f"dates must lie between {EARLIEST} and {LATEST}")
        if len(set(self.group_by)) != len(self.group_by):
            raise ValueError("group_by names a dimension twice")
        for dimension, values in self.filters.items():
            if not values:
                raise ValueError(f"the {dimension} filter has no values")
            for value in values:
                try:
                    check_value(dimension, value)
                except StatsQueryError as exc:
                    raise ValueError(str(exc)) from exc
        if self.period == "custom":
            if self.end is None:
                raise ValueError("a custom period needs an end date")
            if self.end < self.start:
                raise ValueError("the end date is before the start date")
        elif self.end is not None:
            raise ValueError(f"a {self.period} period takes a start date only, not an end date")
        first, last = self.days()
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise ValueError(f"the period spans more than {MAX_RANGE_DAYS} days")
        return self

    def days(self) -> tuple[date, date]:
        """The first and last day counted (both included)."""
        if self.period == "custom":
            assert self.end is not None
            return self.start, self.end
        return period_range(self.period, self.start)

    @property
    def row_dimension(self) -> str | None:
        """``period`` for a time breakdown, else the first group-by dimension (or None)."""
        if self.interval != "none":
            return "period"
        return self.group_by[0] if self.group_by else None

    @property
    def column_dimensions(self) -> tuple[str, ...]:
        return self.group_by if self.interval != "none" else self.group_by[1:]

    def to_params(self) -> list[tuple[str, str]]:
        """The query as URL parameters of GET /api/v1/stats."""
        params = [("period", self.period), ("start", self.start.isoformat())]
        if self.end is not None:
            params.append(("end", self.end.isoformat()))
        params += [("interval", self.interval), ("measure", self.measure)]
        if self.group_by:
            params.append(("group_by", ",".join(self.group_by)))
        for dimension, values in self.filters.items():
            params += [(dimension, value) for value in values]
        if self.raw:
            params.append(("raw", "true"))
        return params


def quarter_start(text: str) -> date:
    """The first day of a quarter written ``2026Q3``."""
    match = QUARTER.fullmatch(text.strip())
    if not match:
        raise StatsQueryError(f"not a quarter: {text!r} (write it like 2026Q3)")
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def period_range(period: str, day: date) -> tuple[date, date]:
    """The first and last day of the ``period`` (day, week, month, quarter, year) with ``day``."""
    if period == "day":
        return day, day
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "month":
        first = _month_start(day)
        return first, _next_month(first) - timedelta(days=1)
    if period == "quarter":
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, _next_month(_next_month(_next_month(first))) - timedelta(days=1)
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise StatsQueryError(f"unknown period {period!r}")


def bucket_key(interval: str, day: date) -> str:
    """The label of the time bucket holding ``day``: 2026-07-01, 2026-W27, 2026-07, 2026Q3."""
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return f"{day.year}-{day.month:02d}"
    if interval == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    raise StatsQueryError(f"unknown interval {interval!r}")


def buckets(interval: str, first: date, last: date) -> Iterator[tuple[str, date, date]]:
    """Every bucket of ``interval`` meeting [first, last], clipped to it, in order."""
    period = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}[interval]
    day = first
    while day <= last:
        start, end = period_range(period, day)
        start, end = max(start, first), min(end, last)
        yield bucket_key(interval, day), start, end
        day = end + timedelta(days=1)


def aligned_to_months(first: date, last: date) -> bool:
    """Whether [first, last] covers whole calendar months only."""
    return first.day == 1 and (last + timedelta(days=1)).day == 1


class Count(WireModel):
    """One published number: ``value`` is None when hidden, ``shown`` is what to print."""

    value: StrictInt | None
    shown: StrictStr

    @property
    def hidden(self) -> bool:
        return self.value is None


class Header(WireModel):
    """A row or a column: its key (one value per dimension) and, for time buckets, its days."""

    key: tuple[StrictStr, ...]
    first: date | None = None
    last: date | None = None


def counts_people(query: StatsQuery) -> bool:
    """Whether a table's numbers are people (visitors, workers, what they did), which small-cell
    protection is for; a count of outreach sessions is not, and is published as counted."""
    kinds = set(query.filters.get("kind", ()))
    return not (query.measure == "events" and kinds and kinds <= NOT_PEOPLE_KINDS)


class StatsTable(WireModel):
    """The central's answer to a :class:`StatsQuery`."""

    query: StatsQuery
    first: date
    last: date
    measure: Measure
    definition: StrictStr
    suppressed: StrictBool = Field(
        description="False for raw counts, and for counts that are not people (counts_people)."
    )
    row_dimension: StrictStr | None
    column_dimensions: tuple[StrictStr, ...]
    rows: list[Header]
    columns: list[Header]
    cells: list[list[Count]] = Field(description="cells[row][column]")
    row_totals: list[Count]
    column_totals: list[Count]
    total: Count
    redated: Count = Field(
        default=Count(value=0, shown="0"),
        description="The part of the total counted on the day it reached the central because "
        "its device's clock was wrong (see sync.central.db.clock): " + REDATED_DEFINITION,
    )
    row_redated: list[Count] = Field(
        default_factory=list,
        description="The same part of each row's total, in the order of rows.",
    )
    site_names: dict[StrictStr, StrictStr] = Field(
        default_factory=dict,
        description="The name the central gave each site code in the table (or its filters).",
    )


NO_NUL: Final = r"^[^\x00]*$"
"""Text PostgreSQL can store (and argon2 hash): any but the NUL character. Lone surrogates,
which no UTF-8 holds, are refused by pydantic's string check itself."""


def _without_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not hold the NUL character (U+0000)")
    return text


# Checked by a validator of its own for its sentence (a pattern's error would quote the
# pattern), and published as a pattern so that clients and fuzzers know the rule.
StorableText = AfterValidator(_without_nul)


class SignInRequest(WireModel):
    name: Annotated[
        StrictStr,
        Field(min_length=1, max_length=64, json_schema_extra={"pattern": NO_NUL}),
        StorableText,
    ]
    password: Annotated[
        StrictStr,
        Field(min_length=1, max_length=1024, json_schema_extra={"pattern": NO_NUL}),
        StorableText,
    ]


class SignInResponse(WireModel):
    """A coordinator's or viewer's bearer token for the statistics API; shown this once."""

    access_token: StrictStr
    token_type: StrictStr = "bearer"
    expires_at: StrictStr
    name: StrictStr
    role: StrictStr
