"""Which published tables the quarterly funder report needs, as statistics queries.

Why a plan of queries: the central's ``report`` command answers them from its database, the
desktop from the API; both hand the answers to :func:`sync.stats.report.build`, so the report
shows exactly the API's numbers, whoever makes it. Kept apart from the PDF so that asking for the
tables does not load reportlab.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

from sync.stats.protocol import StatsQuery, period_range


def quarter_label(first: date) -> str:
    return f"{first.year}Q{(first.month - 1) // 3 + 1}"


REPORT_TABLES: Final = (
    "channels",
    "weeks",
    "quarters",
    "languages",
    "requested",
    "topics",
    "handed_out",
    "sessions",
    "workers",
)


def report_queries(quarter: date) -> dict[str, StatsQuery]:
    """Every table the report for the quarter holding ``quarter`` needs, by name."""
    first, last = period_range("quarter", quarter)
    year_ago = period_range("quarter", first - timedelta(days=3 * 90))[0]

    def q(**fields: Any) -> StatsQuery:
        return StatsQuery(**{"period": "quarter", "start": first, **fields})

    return {
        "channels": q(group_by=("channel",)),
        "weeks": q(interval="week", group_by=("channel",)),
        "quarters": StatsQuery(period="custom", start=year_ago, end=last, interval="quarter"),
        # Languages as chosen: one language_selected event per language and kiosk visit (see
        # kiosk.reach.visit) and one per language an outreach session used. Reach by language
        # (a visit in its first language) counts kiosk people; sessions record no workers per
        # language yet, so their workers would all fall under "not set" there.
        "languages": q(
            group_by=("language",), filters={"kind": ("language_selected",)}, measure="events"
        ),
        "requested": q(
            group_by=("language",), filters={"kind": ("language_requested",)}, measure="events"
        ),
        "topics": q(group_by=("topic",), filters={"kind": ("topic_viewed",)}, measure="quantity"),
        "handed_out": q(
            group_by=("kind",),
            filters={"kind": ("card_printed", "brochure_given")},
            measure="quantity",
        ),
        "sessions": q(
            group_by=("region", "sector"),
            filters={"kind": ("outreach_session",)},
            measure="events",
        ),
        "workers": q(group_by=("region",), filters={"kind": ("outreach_session",)}),
    }
