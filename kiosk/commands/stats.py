"""``outreach-kiosk stats [--json] [--csv]``: this device's reach today, this week, this month."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.config import Settings
from kiosk.reach.log import local_now
from kiosk.reach.stats import PERIODS, LocalStats, compute, export_csv
from kiosk.storage.database import open_database

HEADINGS = {
    "channel": "People reached, by channel",
    "language": "Languages chosen (kiosk) or held in (outreach)",
    "topic": "Topics viewed or covered",
    "requested": "Languages asked for but not offered",
    "kind": "Events, by kind",
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "stats", help="this device's reach counts: today, this week, this month, and the backlog"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--csv", action="store_true", help="also write a CSV to the data folder's exports/"
    )
    parser.set_defaults(handler=show_stats)


def show_stats(args: argparse.Namespace, settings: Settings) -> int:
    data_dir = settings.resolved_data_dir()
    database = open_database(data_dir)
    try:
        stats = compute(database.engine, local_now().date())
    finally:
        database.close()
    if args.json:
        print(json.dumps(stats.as_json(), indent=2, sort_keys=True))
    else:
        print(render(stats, settings.site))
    if args.csv:
        print(f"written: {export_csv(stats, data_dir)}")
    return 0


def render(stats: LocalStats, site: str) -> str:
    """The counts as a plain table, one block per measure."""
    starts = {period.name: period.first.isoformat() for period in stats.periods}
    lines = [
        f"Reach counted on this device (site {site}) as of {stats.today.isoformat()}; "
        f"week from {starts['week']}, month from {starts['month']}",
        f"{'':34}{'today':>9}{'week':>9}{'month':>9}",
    ]
    for measure, heading in HEADINGS.items():
        codes = stats.codes(measure)
        lines.append(heading + ("" if codes else ": none"))
        for code in codes:
            figures = "".join(f"{stats.count(p, measure, code):>9}" for p in PERIODS)
            lines.append(f"  {code:32}{figures}")
    cards = "".join(f"{stats.cards_printed[p]:>9}" for p in PERIODS)
    lines.append(f"{'Cards printed or handed out':34}{cards}")
    lines.append(f"Events not synced yet: {stats.backlog}")
    return "\n".join(lines)
