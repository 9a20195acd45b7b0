"""Statistics speed: a quarter's breakdowns over millions of events, from the rollups and raw.

The events are generated straight into a fresh central database through a bulk path (a plain
executemany on SQLite, COPY on PostgreSQL; no HTTP, no per-event ingest), with a realistic
shape: airport kiosks make most events (visits, languages, topics read, cards), sixteen
outreach teams hold sessions with region, sector and stream; a few languages are asked for
that the pack lacks. All of them fall in one quarter, the one queried (the worst case for a
quarter's breakdown). The rollups are then built from the events with one GROUP BY each (what
ingest would have added one batch at a time; the tests check both agree).

Each breakdown is answered the way the API answers it (``sync.central.stats.tables.run``: sums,
table, suppression) from the rollups, then from the events table itself, and the two must agree. The
target (100 ms) is for the breakdowns the cubes cover; two more that no cube covers show what the
full rollups cost (``fallback``). Prints one ``name value unit`` line per figure, or one JSON object
with ``--json``.

    python bench/stats.py [--events 10000000] [--backend sqlite|postgresql|both] [--json] [--check]

Guard (the house issue): over 10,000,000 events, the slowest breakdown the rollups cover at most
100 ms on every backend measured; ``--check`` fails above it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "sync")]

from central_process import free_port  # noqa: E402
from pg_cluster import PostgresCluster, find_bin_dir  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from sync.central.db import models  # noqa: E402
from sync.central.db.database import (  # noqa: E402
    CentralDatabase,
    open_central_database,
    sqlite_url,
)
from sync.central.stats import rollups  # noqa: E402
from sync.central.stats import tables as stats  # noqa: E402
from sync.protocol import EVENT_FIELDS  # noqa: E402
from sync.stats.protocol import StatsQuery  # noqa: E402
from sync.stats.report_plan import report_queries  # noqa: E402

QUARTER = date(2026, 7, 1)
DAYS = 92
TARGET_MS = 100
POOL = 200_000
CHUNK = 100_000

KIOSK_SITES = {
    "yvr-arrivals": 40, "yvr-transit": 10, "yxx-arrivals": 12, "ylw-arrivals": 14,
    "yyj-arrivals": 8, "ycd-arrivals": 5, "yxs-arrivals": 5, "yka-arrivals": 6,
}  # fmt: skip
LANGUAGES = {
    "en": 25, "es": 15, "pa": 12, "zh-Hans": 10, "zh-Hant": 5, "tl": 10, "vi": 6, "th": 5,
    "fr": 4, "ar": 8,
}  # fmt: skip
MISSING = {"so": 3, "am": 2, "ti": 2, "ne": 1, "ko": 1, "ja": 1}
TOPICS = {
    "rights-at-work": 20, "report-safely": 14, "emergency-and-health": 16, "health-care": 10,
    "open-work-permit": 12, "recruitment-fees": 8, "housing": 8, "getting-help": 7,
    "first-days": 5,
}  # fmt: skip
KIOSK_KINDS = {
    "visit": 30, "language_selected": 20, "topic_viewed": 30, "audio_played": 8,
    "card_printed": 6, "qr_shown": 4, "language_requested": 2,
}  # fmt: skip
OUTREACH_KINDS = {
    "outreach_session": 25, "topic_viewed": 40, "card_printed": 20, "brochure_given": 10,
    "language_requested": 5,
}  # fmt: skip
REGIONS = (
    "vancouver-island-coast", "mainland-southwest", "thompson-okanagan", "kootenay", "cariboo",
    "north-coast", "nechako", "northeast",
)  # fmt: skip
SECTORS = {
    "agriculture": 50, "food-processing": 15, "caregiving": 10, "hospitality": 10,
    "construction": 8, "other": 7,
}  # fmt: skip
STREAMS = {"sawp": 45, "agricultural-stream": 30, "caregivers": 10, "other": 15}
OUTREACH_SHARE = 0.05

BREAKDOWNS: dict[str, StatsQuery] = {
    "quarter_by_language": StatsQuery(period="quarter", start=QUARTER, group_by=("language",)),
    "quarter_by_site_and_channel": StatsQuery(
        period="quarter", start=QUARTER, group_by=("site", "channel")
    ),
    "quarter_by_month_and_language": StatsQuery(
        period="quarter", start=QUARTER, interval="month", group_by=("language",)
    ),
    "quarter_by_topic_read": StatsQuery(
        period="quarter",
        start=QUARTER,
        group_by=("topic",),
        filters={"kind": ("topic_viewed",)},
        measure="quantity",
    ),
    "quarter_by_kind_and_assisted": StatsQuery(
        period="quarter", start=QUARTER, group_by=("kind", "assisted"), measure="events"
    ),
    "quarter_by_region_and_sector": StatsQuery(
        period="quarter",
        start=QUARTER,
        group_by=("region", "sector"),
        filters={"kind": ("outreach_session",)},
        measure="events",
    ),
    "quarter_by_week_and_channel": StatsQuery(
        period="quarter", start=QUARTER, interval="week", group_by=("channel",)
    ),
}

# Breakdowns no cube covers: answered from the full month rollup (whole months) or the full day
# rollup (any other range), which keep every dimension.
FALLBACKS: dict[str, StatsQuery] = {
    "fallback_quarter_by_site_language_and_topic": StatsQuery(
        period="quarter", start=QUARTER, group_by=("site", "language", "topic")
    ),
    "fallback_six_weeks_by_site_language_and_topic": StatsQuery(
        period="custom",
        start=QUARTER + timedelta(days=10),
        end=QUARTER + timedelta(days=51),
        group_by=("site", "language", "topic"),
    ),
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def templates(rng: random.Random) -> list[tuple[Any, ...]]:
    """Event shapes (site, channel, kind, language, topic, quantity, assisted, region, sector,
    stream) drawn from the distributions above; events repeat them over days and hours."""
    teams = [(f"outreach-team-{n:02d}", rng.sample(REGIONS, 2)) for n in range(1, 17)]
    pool = []
    for _ in range(POOL):
        if rng.random() < OUTREACH_SHARE:
            site, regions = rng.choice(teams)
            kind = _pick(rng, OUTREACH_KINDS)
            quantity = rng.randint(4, 60) if kind == "outreach_session" else rng.randint(1, 30)
            if kind in ("topic_viewed", "language_requested"):
                quantity = rng.randint(1, 40) if kind == "topic_viewed" else 1
            shape = (
                site, "outreach", kind,
                _pick(rng, MISSING if kind == "language_requested" else LANGUAGES),
                _pick(rng, TOPICS) if kind == "topic_viewed" else None,
                quantity, rng.random() < 0.3, rng.choice(regions), _pick(rng, SECTORS),
                _pick(rng, STREAMS),
            )  # fmt: skip
        else:
            kind = _pick(rng, KIOSK_KINDS)
            shape = (
                _pick(rng, KIOSK_SITES), "kiosk", kind,
                _pick(rng, MISSING if kind == "language_requested" else LANGUAGES),
                _pick(rng, TOPICS) if kind in ("topic_viewed", "audio_played") else None,
                1, rng.random() < 0.1, None, None, None,
            )  # fmt: skip
        pool.append(shape)
    return pool


def event_rows(count: int, sqlite: bool) -> Iterator[list[tuple[Any, ...]]]:
    """Chunks of event rows in the event table's column order (wire fields, batch, hour)."""
    rng = random.Random(20261121)
    pool = templates(rng)
    days = [QUARTER + timedelta(days=n) for n in range(DAYS)]
    day_values: list[Any] = [day.isoformat() for day in days] if sqlite else days
    received: Any = "2026-10-01 12:00:00.000000" if sqlite else datetime(2026, 10, 1, 12)
    true, false = (1, 0) if sqlite else (True, False)
    for start in range(0, count, CHUNK):
        picks = rng.choices(range(POOL), k=min(CHUNK, count - start))
        day_picks = rng.choices(range(DAYS), k=len(picks))
        chunk = []
        for offset, (index, day) in enumerate(zip(picks, day_picks, strict=True)):
            n = start + offset + 1
            site, channel, kind, language, topic, quantity, assisted, region, sector, stream = pool[
                index
            ]
            digits = f"{n:032x}"
            uuid = f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-8{digits[17:20]}-{digits[20:]}"
            chunk.append(
                (
                    uuid, n, site, f"dev-{site}", channel, kind, language, topic, quantity,
                    true if assisted else false, day_values[day], 6 + n % 16, "2026.11.0",
                    region, sector, stream, "bench", received,
                )
            )  # fmt: skip
        yield chunk


def load(database: CentralDatabase, count: int) -> float:
    """Seconds to bulk-load ``count`` events and build the rollups from them."""
    columns = (*EVENT_FIELDS, "batch_id", "received_hour")
    started = time.perf_counter()
    connection = database.engine.raw_connection()
    try:
        cursor = connection.cursor()
        if database.is_sqlite:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
            marks = ", ".join("?" * len(columns))
            for chunk in event_rows(count, sqlite=True):
                cursor.execute("BEGIN")
                cursor.executemany(
                    f"INSERT INTO event ({', '.join(columns)}) VALUES ({marks})", chunk
                )
                cursor.execute("COMMIT")
        else:
            with cursor.copy(f"COPY event ({', '.join(columns)}) FROM STDIN") as copy:
                for chunk in event_rows(count, sqlite=False):
                    for row in chunk:
                        copy.write_row(row)
            connection.commit()
        cursor.close()
    finally:
        connection.close()
    with database.engine.begin() as connection:
        rollups.rebuild(connection)
    with database.engine.connect() as connection:
        if database.is_sqlite:
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE"
            )
    return time.perf_counter() - started


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median milliseconds of ``repeat`` runs after a warm-up run, and the last result."""
    result = action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def measure(backend: str, database: CentralDatabase, args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    figures[f"{backend}_load_and_rollup_s"] = round(load(database, args.events), 1)
    with database.sessions() as session:
        figures[f"{backend}_rollup_day_rows"] = session.scalar(
            select(func.count()).select_from(models.RollupDay)
        )
        figures[f"{backend}_rollup_month_rows"] = session.scalar(
            select(func.count()).select_from(models.RollupMonth)
        )
        figures[f"{backend}_rollup_cube_rows"] = session.scalar(
            select(func.count()).select_from(models.RollupCube)
        )
        slowest = 0.0
        for name, query in {**BREAKDOWNS, **FALLBACKS}.items():
            fast, table = timed(lambda q=query: stats.run(session, q), args.repeat)
            events = stats.plans(query)[-1]
            raw, raw_table = timed(lambda q=query, e=events: stats.run(session, q, e), 1)
            if raw_table != table:
                raise RuntimeError(f"{name}: the rollups and the events disagree")
            figures[f"{backend}_{name}_rollup_ms"] = round(fast, 1)
            figures[f"{backend}_{name}_events_ms"] = round(raw)
            figures[f"{backend}_{name}_speedup_x"] = round(raw / fast)
            if name in BREAKDOWNS:
                slowest = max(slowest, fast)
        figures[f"{backend}_slowest_breakdown_rollup_ms"] = round(slowest, 1)
        report, _tables = timed(
            lambda: [stats.run(session, q) for q in report_queries(QUARTER).values()],
            max(1, args.repeat // 2),
        )
        figures[f"{backend}_funder_report_tables_ms"] = round(report, 1)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per breakdown")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the guard")
    args = parser.parse_args()
    figures: dict[str, Any] = {"events": args.events}

    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="bench-stats-") as scratch:
            database = open_central_database(sqlite_url(Path(scratch) / "central.sqlite3"))
            try:
                figures.update(measure("sqlite", database, args))
            finally:
                database.close()
    if args.backend in ("postgresql", "both"):
        bin_dir = find_bin_dir()
        if bin_dir is None:
            figures["postgresql"] = "skipped: server binaries not installed (Debian: postgresql)"
        else:
            cluster = PostgresCluster(bin_dir, free_port())
            cluster.start()
            try:
                database = open_central_database(cluster.new_database())
                try:
                    figures.update(measure("postgresql", database, args))
                finally:
                    database.close()
            finally:
                cluster.stop()
    figures["target_ms"] = TARGET_MS
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    figures["cpus"] = os.cpu_count()

    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            unit = name.rsplit("_", 1)[-1] if name.endswith(("_ms", "_s", "_x")) else ""
            print(f"{name.removesuffix('_' + unit) if unit else name} {value} {unit}".rstrip())
    over = [
        name
        for name, value in figures.items()
        if name.endswith("_slowest_breakdown_rollup_ms") and value > TARGET_MS
    ]
    for name in over:
        print(f"over the guard: {name} {figures[name]} > {TARGET_MS} ms", file=sys.stderr)
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
