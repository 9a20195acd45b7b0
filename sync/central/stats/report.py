"""Server-side funder report: the report's tables answered from the database, then the PDF.

The PDF itself is made by ``sync.stats.report`` (reportlab, no Qt), which the desktop calls
with the API's tables; here the same tables come straight from the database, suppressed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sync.central.db.database import CentralDatabase
from sync.central.stats import tables as stats
from sync.stats import report as stats_report
from sync.stats import report_plan
from sync.stats.protocol import StatsTable


def report_tables(database: CentralDatabase, quarter: date) -> dict[str, StatsTable]:
    """The published tables the report for the quarter holding ``quarter`` shows."""
    queries = report_plan.report_queries(quarter)
    with database.sessions() as session:
        return {name: stats.run(session, query) for name, query in queries.items()}


def write_report(database: CentralDatabase, quarter: date, path: Path, language: str) -> None:
    path.write_bytes(stats_report.build(report_tables(database, quarter), language))
