"""``outreach-central export``: published statistics for a period as a CSV or XLSX file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sync.central.db.database import CentralDatabase
from sync.central.stats.exports import export
from sync.stats.exports import FORMATS
from sync.stats.protocol import DIMENSIONS, INTERVALS, MEASURES, StatsQuery, StatsQueryError


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export",
        parents=[common],
        help="write published (suppressed) statistics to a CSV or XLSX file",
        description="Counts of 1 to 4 are shown as <5, and some others as x, exactly as the "
        "API publishes them.",
    )
    parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat,
                        metavar="DATE", help="first day (YYYY-MM-DD)")  # fmt: skip
    parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat,
                        metavar="DATE", help="last day (YYYY-MM-DD)")  # fmt: skip
    parser.add_argument(
        "--group-by",
        default="",
        metavar="DIMS",
        help=f"up to three, comma-separated: {', '.join(DIMENSIONS)}",
    )
    parser.add_argument("--interval", choices=INTERVALS, default="none",
                        help="time buckets as rows (default none)")  # fmt: skip
    parser.add_argument("--measure", choices=MEASURES, default="reach")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="DIM=VALUE[,VALUE]",
        help="only these values, e.g. --filter kind=card_printed (repeatable)",
    )
    parser.add_argument("--format", dest="file_format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    parser.add_argument("--lang", default="en", help="language of names and headings")
    parser.set_defaults(handler=_export)


def parse_filters(texts: list[str]) -> dict[str, tuple[str, ...]]:
    filters: dict[str, tuple[str, ...]] = {}
    for text in texts:
        name, separator, values = text.partition("=")
        if not separator or not values:
            raise StatsQueryError(f"not a filter: {text!r} (write it as DIM=VALUE[,VALUE])")
        filters[name.strip()] = filters.get(name.strip(), ()) + tuple(
            value.strip() for value in values.split(",") if value.strip()
        )
    return filters


def _export(args: argparse.Namespace, database: CentralDatabase) -> int:
    try:
        query = StatsQuery.model_validate(
            {
                "period": "custom",
                "start": args.start,
                "end": args.end,
                "interval": args.interval,
                "group_by": tuple(p.strip() for p in args.group_by.split(",") if p.strip()),
                "filters": parse_filters(args.filter),
                "measure": args.measure,
            }
        )
        table = export(database, query, args.out, args.file_format, args.lang)
    except ValidationError as exc:
        problems = "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())
        print(f"outreach-central: cannot export: {problems}", file=sys.stderr)
        return 2
    except (StatsQueryError, OSError) as exc:
        print(f"outreach-central: cannot export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(table.rows)} rows, total {table.total.shown})")
    return 0
