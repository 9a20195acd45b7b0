"""Sync throughput: a 100,000-event backlog pushed to a local central, end to end.

End to end means what a device really does: hand out unsynced events from its own reach log (the
kiosk's real ``kiosk.reach.log.ReachLog`` on its SQLite file), send them in gzip batches
over HTTP to a real ``outreach-central serve`` process on 127.0.0.1, which validates and stores them
idempotently, then mark them synced durably in the reach log. Printed next to a raw
batched insert of the same rows into the same kind of database in the same run (the floor no
protocol can beat), on SQLite and, where its server binaries are installed, on PostgreSQL
(a throw-away cluster with fsync on). Then 20 devices (separate processes) push at once. The
single device's push also reports the CPU time it took on the device (all threads) and in the
central's process, per event: other work on the machine distorts those less than the wall clock
(though it still does: compare runs made back to back). Prints one ``name value unit`` line per
figure, or one JSON object with ``--json``.

    python bench/sync.py [--events 100000] [--batch-size 4000] [--devices 20] [--json] [--check]

Guard (the house issue): one device's push on SQLite at least 10,000 events/s end to end (a
busy desk's month in seconds); ``--check`` fails below it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is bench/sync.py: its folder must not hide the ``sync`` package.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "sync")]  # the tests' real servers

from central_process import CentralProcess, free_port  # noqa: E402
from fleet import Enrolled, enrol, make_event  # noqa: E402
from pg_cluster import PostgresCluster, find_bin_dir  # noqa: E402

from kiosk.reach.log import ReachContext, ReachLog  # noqa: E402
from kiosk.storage.database import open_database  # noqa: E402
from sync.central.db.database import open_central_database, sqlite_url  # noqa: E402
from sync.central.db.models import Event  # noqa: E402
from sync.client import CentralClient  # noqa: E402
from sync.outbox import DEFAULT_BATCH_SIZE, push_outbox  # noqa: E402
from sync.protocol import EVENT_FIELDS  # noqa: E402

GUARD_EVENTS_PER_S = 10_000


def events_for(device: Enrolled, count: int) -> list[dict[str, Any]]:
    return [make_event(device.device, device.site, seq) for seq in range(1, count + 1)]


LANGUAGES = ("en", "es", "tl", "pa", "zh-Hans", "vi", "th", "ar", "fr", "zh-Hant")
TOPICS = ("rights-at-work", "report-safely", "emergency-and-health", "housing", "getting-help")


def fill_reach_log(folder: Path, device: Enrolled, count: int) -> None:
    """A device's data folder whose reach log holds ``count`` unsynced events of mixed kinds."""
    database = open_database(folder)
    log = ReachLog(database, ReachContext(device.site, device.device, "2026.11.0"))
    try:
        last = None
        for index in range(count):
            language = LANGUAGES[index % len(LANGUAGES)]
            if index % 3 == 0:
                last = log.submit("visit", assisted=index % 7 == 0)
            elif index % 3 == 1:
                last = log.submit("language_selected", language=language)
            else:
                topic = TOPICS[index % len(TOPICS)]
                last = log.submit("topic_viewed", language=language, topic=topic)
        if last is not None:
            last.result(timeout=600)
    finally:
        log.close()
        database.close()


def process_cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system, all threads) of this process or of process ``pid`` (Linux)."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def push_backlog(
    url: str, device: Enrolled, folder: Path, batch_size: int, cpu: list[float] | None = None
) -> float:
    """Seconds to push a device's whole reach log (opening it is not timed); the device's CPU
    seconds meanwhile (its writer thread's included) are appended to ``cpu``."""
    database = open_database(folder)
    log = ReachLog(database, ReachContext(device.site, device.device, "2026.11.0"))
    try:
        with CentralClient(url, device.token) as client:
            cpu_before = process_cpu_seconds()
            started = time.perf_counter()
            report = push_outbox(log, client, batch_size=batch_size)
            elapsed = time.perf_counter() - started
            if cpu is not None:
                cpu.append(process_cpu_seconds() - cpu_before)
    finally:
        log.close()
        database.close()
    if report.backlog != 0 or report.retries != 0:
        raise RuntimeError(f"the push did not finish cleanly: {report}")
    return elapsed


def raw_insert(database_url: str, rows: list[dict[str, Any]], batch_size: int) -> float:
    """Seconds for a plain batched INSERT of ``rows`` straight through the database driver into
    the central's events table: one executemany and one commit per batch, nothing else. The
    values are converted for the driver beforehand, untimed, by the columns' own types."""
    database = open_central_database(database_url)
    columns = (*EVENT_FIELDS, "batch_id", "received_hour")
    sqlite = database.is_sqlite
    marker = "?" if sqlite else "%s"
    statement = (
        f"INSERT INTO event ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    )
    dialect = database.engine.dialect
    table = Event.__table__
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    hour = datetime.now().replace(minute=0, second=0, microsecond=0)
    values = [
        tuple(
            process(value) if process is not None else value
            for process, value in zip(
                processors,
                (
                    *(row[name] for name in EVENT_FIELDS[:10]),
                    date.fromisoformat(row["local_date"]),
                    *(row[name] for name in EVENT_FIELDS[11:]),
                    "raw",
                    hour,
                ),
                strict=True,
            )
        )
        for row in rows
    ]
    connection = database.engine.raw_connection()
    try:
        started = time.perf_counter()
        for start in range(0, len(values), batch_size):
            cursor = connection.cursor()
            if sqlite:  # the central's SQLite connections leave BEGIN to the caller
                cursor.execute("BEGIN")
            cursor.executemany(statement, values[start : start + batch_size])
            cursor.close()
            connection.commit()
        return time.perf_counter() - started
    finally:
        connection.close()
        database.close()


def single_device(
    database_url: str, folder: Path, events: int, batch_size: int
) -> tuple[float, float, float]:
    """Events per second, and the device's and the central's CPU microseconds per event."""
    database = open_central_database(database_url)
    server = CentralProcess(database_url, folder).start()
    assert server.process is not None
    try:
        device = enrol(server.url, database)
        device_folder = folder / device.device
        fill_reach_log(device_folder, device, events)
        client_cpu: list[float] = []
        server_before = process_cpu_seconds(server.process.pid)
        elapsed = push_backlog(server.url, device, device_folder, batch_size, client_cpu)
        server_cpu = process_cpu_seconds(server.process.pid) - server_before
        return events / elapsed, client_cpu[0] / events * 1e6, server_cpu / events * 1e6
    finally:
        server.stop()
        database.close()


def _device_process(
    url: str, device: Enrolled, path: str, batch_size: int, barrier: Any, results: Any
) -> None:
    barrier.wait()
    started = time.time()
    push_backlog(url, device, Path(path), batch_size)
    results.put((started, time.time()))


def many_devices(
    database_url: str, folder: Path, devices: int, per_device: int, batch_size: int
) -> float:
    """Events per second over all devices, from the first start to the last finish."""
    database = open_central_database(database_url)
    server = CentralProcess(database_url, folder).start()
    context = multiprocessing.get_context("fork")
    try:
        fleet = [enrol(server.url, database) for _ in range(devices)]
        paths = []
        for device in fleet:
            path = folder / device.device
            fill_reach_log(path, device, per_device)
            paths.append(str(path))
        barrier = context.Barrier(devices)
        results = context.Queue()
        processes = [
            context.Process(
                target=_device_process,
                args=(server.url, device, path, batch_size, barrier, results),
            )
            for device, path in zip(fleet, paths, strict=True)
        ]
        for process in processes:
            process.start()
        spans = [results.get(timeout=600) for _ in processes]
        for process in processes:
            process.join(timeout=60)
            if process.exitcode != 0:
                raise RuntimeError(f"a device process failed with code {process.exitcode}")
        first = min(start for start, _ in spans)
        last = max(end for _, end in spans)
        return devices * per_device / (last - first)
    finally:
        server.stop()
        database.close()


def measure(backend: str, url_for: Any, args: argparse.Namespace, figures: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sample = events_for(Enrolled("dev-raw", "site-raw", "-"), args.events)
        raw = args.events / raw_insert(url_for(folder, "raw"), sample, args.batch_size)
        push, client_cpu, server_cpu = single_device(
            url_for(folder, "push"), folder, args.events, args.batch_size
        )
        per_device = max(1, args.events // args.devices)
        fleet = many_devices(
            url_for(folder, "fleet"), folder, args.devices, per_device, args.batch_size
        )
    figures[f"sync_{backend}_push_events_per_s"] = round(push)
    figures[f"raw_{backend}_insert_events_per_s"] = round(raw)
    figures[f"sync_{backend}_ratio_to_raw_insert"] = round(push / raw, 3)
    figures[f"sync_{backend}_{args.devices}_devices_events_per_s"] = round(fleet)
    # Where the time went, less distorted than the wall clock by other work on the machine.
    figures[f"sync_{backend}_push_device_cpu_us_per_event"] = round(client_cpu, 1)
    figures[f"sync_{backend}_push_central_cpu_us_per_event"] = round(server_cpu, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when under the guard")
    args = parser.parse_args()

    figures: dict[str, Any] = {"events": args.events, "batch_size": args.batch_size}

    def sqlite_for(folder: Path, name: str) -> str:
        return sqlite_url(folder / f"{name}.sqlite3")

    measure("sqlite", sqlite_for, args, figures)

    bin_dir = find_bin_dir()
    if bin_dir is None:
        figures["postgresql"] = "skipped: server binaries not installed (Debian: postgresql)"
    else:
        cluster = PostgresCluster(bin_dir, free_port(), fsync=True)
        cluster.start()
        try:
            measure("postgresql", lambda _folder, _name: cluster.new_database(), args, figures)
        finally:
            cluster.stop()
    figures["guard_events_per_s"] = GUARD_EVENTS_PER_S
    # Other work on the machine slows both sides of each ratio alike, but not the absolute figures.
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    figures["cpus"] = os.cpu_count()

    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            unit = "events/s" if name.endswith("_per_s") else ("x" if "ratio" in name else "")
            if name.endswith("_us_per_event"):
                name, unit = name.removesuffix("_us_per_event"), "us/event"
            print(f"{name.removesuffix('_per_s')} {value} {unit}".rstrip())
    if figures["sync_sqlite_push_events_per_s"] < GUARD_EVENTS_PER_S:
        print(f"under the guard: sync on SQLite < {GUARD_EVENTS_PER_S} events/s", file=sys.stderr)
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
