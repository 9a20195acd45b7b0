"""``outreach-central report``: the quarterly funder report as a PDF (published counts only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sync.central.db.database import CentralDatabase
from sync.central.stats.report import write_report
from sync.stats.protocol import StatsQueryError, quarter_start


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "report",
        parents=[common],
        help="write the funder report of a quarter as a PDF",
        description="Totals, trends, languages, topics, cards, outreach sessions by region and "
        "sector; small counts suppressed as in the API.",
    )
    parser.add_argument("--quarter", required=True, metavar="YYYYQN", help="e.g. 2026Q3")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    parser.add_argument("--lang", default="en", help="language of the report")
    parser.set_defaults(handler=_report)


def _report(args: argparse.Namespace, database: CentralDatabase) -> int:
    try:
        write_report(database, quarter_start(args.quarter), args.out, args.lang)
    except (StatsQueryError, OSError) as exc:
        print(f"outreach-central: cannot write the report: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0
