"""Server-side exports: a statistics query answered from the database, written as CSV or XLSX.

The same published (suppressed) table the API would answer, through the same writer the
desktop uses (``sync.stats.exports``), so a file made on the server and one made on a laptop
hold the same numbers.
"""

from __future__ import annotations

from pathlib import Path

from sync.central.db.database import CentralDatabase
from sync.central.stats import tables as stats
from sync.stats import exports as stats_exports
from sync.stats.protocol import StatsQuery, StatsTable


def export(
    database: CentralDatabase, query: StatsQuery, path: Path, file_format: str, language: str
) -> StatsTable:
    """Answer ``query`` (never raw) and write it to ``path``; the table written."""
    if query.raw:
        raise ValueError("exports from the command line are always suppressed")
    with database.sessions() as session:
        table = stats.run(session, query)
    stats_exports.write(table, path, file_format, language)
    return table
