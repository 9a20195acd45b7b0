"""Reach log figures: durable write latency, UI event-loop stalls under a burst, local statistics.

1. ``record()`` latency: one event written and fsynced (WAL, synchronous=FULL) per call, on a
   real file in a temporary folder; p50, p99 and max over ``--writes`` calls after a warm-up.
2. A burst of 10,000 events logged from the GUI thread, 10 per loop turn (a screen hands over a
   few per touch), while a Qt event loop runs (offscreen unless a display is set): a 1 ms
   heartbeat timer measures how late the loop gets to it. Two controls: the same loop logging
   nothing (the machine's noise floor), and the same loop turns building the same events
   without queueing them (the cost of making them). The scenarios run interleaved for
   ``--rounds`` rounds, with garbage collected as the kiosk collects it
   (ui/common/collector.py). Beside the loop's lateness: the longest garbage collection pause
   (any thread, any generation, from ``gc.callbacks``), how many full (generation 2) collections
   ran, the process's CPU time per burst (which a loaded machine disturbs less
   than wall-clock figures), and, over the stalls longer than 8 ms, the share of the time the
   GUI thread was ready to run but had no CPU (Linux scheduler statistics): near 1, the stalls
   come from the machine's load, not from the GIL or the collector.
3. Local statistics over 1,000,000 events (spread over the last 28 days), written through the
   real log; then ``kiosk.reach.stats.compute`` (today, week, month by every measure, backlog), the
   sync client's ``backlog()`` and ``unsynced_batch(500)``.

Prints one ``name value unit`` line per figure, or one JSON object with ``--json``.

    python bench/reach.py [--writes 2000] [--events 1000000] [--json] [--check]

Guards (the house issue), which ``--check`` fails above: a durable write's p99 at most 5 ms; the
burst from the GUI thread stalls its loop at most 16 ms (one frame at 60 Hz), taken as the median
over the rounds of each round's longest stall, so one hiccup of a shared machine does not decide.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

# This folder holds bench/ui.py, which must not hide the ``ui`` package the burst uses.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

from kiosk.reach.log import ReachContext, ReachLog, local_now  # noqa: E402
from kiosk.reach.stats import compute  # noqa: E402
from kiosk.storage.database import open_database  # noqa: E402

BURST = 10_000
SLICE = 10
HEARTBEAT_MS = 1
WRITE_P99_LIMIT_MS = 5.0
BURST_STALL_LIMIT_MS = 16.0
GUARDS = {
    "write_durable_p99_ms": WRITE_P99_LIMIT_MS,
    "burst_gui_slices_loop_stall_median_of_max_ms": BURST_STALL_LIMIT_MS,
}
LANGUAGES = ("es", "tl", "pa", "en", "vi", "th", "zh-Hans", "zh-Hant", "fr", "ar")
TOPICS = ("rights-at-work", "report-safely", "emergency-and-health", "open-work-permit")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def write_latency(folder: Path, writes: int) -> dict[str, float]:
    database = open_database(folder)
    log = ReachLog(database, ReachContext("bench", "dev-bench", "2026.11.0"))
    for _ in range(max(500, writes // 4)):  # warm-up: the write-ahead log reaches its size
        log.record("visit")
    times = []
    for number in range(writes):
        started = time.perf_counter()
        log.record("topic_viewed", language=LANGUAGES[number % 10], topic=TOPICS[number % 4])
        times.append((time.perf_counter() - started) * 1000)
    log.close()
    database.close()
    return {
        "write_durable_p50_ms": round(percentile(times, 0.50), 3),
        "write_durable_p99_ms": round(percentile(times, 0.99), 3),
        "write_durable_max_ms": round(max(times), 3),
    }


def burst_stalls(folder: Path, rounds: int) -> dict[str, float]:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.common.collector import collect_on_gui_thread, freeze_long_lived
    from ui.qt import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    database = open_database(folder)
    log = ReachLog(database, ReachContext("bench", "dev-bench", "2026.11.0"))
    for _ in range(500):
        log.record("visit")
    collect_on_gui_thread(app)  # what every window does at start-up
    freeze_long_lived()  # and once storage is open (ui/common/collector.py)
    results: dict[str, list[tuple[float, float, float]]] = {}
    collections: dict[str, list[tuple[float, int, float]]] = {}
    pauses: list[tuple[int, float]] = []  # generation, milliseconds
    collection_started: dict[int, float] = {}  # by thread id

    def on_collection(phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            collection_started[threading.get_ident()] = now
        else:
            begun = collection_started.pop(threading.get_ident(), now)
            pauses.append((info["generation"], (now - begun) * 1000))

    gc.callbacks.append(on_collection)
    cpu_waits: dict[str, list[tuple[float, float]]] = {}
    waited_for_cpu_ms = run_queue_clock()

    def run(name: str, start_burst: Callable[[list[Any]], None]) -> None:
        futures: list[Any] = []
        ticks: list[float] = []
        queued: list[float] = []  # the GUI thread's time spent runnable, waiting for a CPU
        heartbeat = QtCore.QTimer()
        heartbeat.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(HEARTBEAT_MS)

        def beat() -> None:
            ticks.append(time.perf_counter())
            queued.append(waited_for_cpu_ms())

        heartbeat.timeout.connect(beat)
        heartbeat.start()
        pauses.clear()
        cpu_started = time.process_time()
        started = time.perf_counter()
        durable: list[float] = []
        QtCore.QTimer.singleShot(20, lambda: start_burst(futures))

        def finished() -> None:
            # the writer is first in, first out: the last event durable means all of them are
            if len(futures) == BURST and futures[-1].done():
                durable.append((time.perf_counter() - started) * 1000 - 20)
                app.quit()

        poll = QtCore.QTimer()
        poll.setInterval(5)
        poll.timeout.connect(finished)
        poll.start()
        app.exec()
        heartbeat.stop()
        poll.stop()
        cpu = (time.process_time() - cpu_started) * 1000
        late = [(b - a) * 1000 - HEARTBEAT_MS for a, b in itertools.pairwise(ticks)]
        results.setdefault(name, []).append((max(late), percentile(late, 0.99), durable[0]))
        # over the stalls (late by more than half a frame): the share of the time the GUI
        # thread was ready to run but no CPU was free, as opposed to waiting for the GIL
        stalls = [
            (lateness, b - a)
            for lateness, (a, b) in zip(late, itertools.pairwise(queued), strict=True)
        ]
        stalled = [(lateness, wait) for lateness, wait in stalls if lateness > 8]
        stall_time = sum(lateness + HEARTBEAT_MS for lateness, _ in stalled)
        cpu_waits.setdefault(name, []).append((sum(wait for _, wait in stalled), stall_time))
        longest = max((pause for _, pause in pauses), default=0.0)
        full = sum(1 for generation, _ in pauses if generation == 2)
        collections.setdefault(name, []).append((longest, full, cpu))

    def from_gui_thread(futures: list[Any]) -> None:
        def next_slice() -> None:
            for _ in range(SLICE):
                n = len(futures)
                futures.append(log.submit("topic_viewed", language=LANGUAGES[n % 10]))
            if len(futures) < BURST:
                QtCore.QTimer.singleShot(0, next_slice)

        next_slice()

    def built_not_logged(futures: list[Any]) -> None:
        # control: the same loop turns making the same events, with nothing queued or written
        def next_slice() -> None:
            for _ in range(SLICE):
                n = len(futures)
                log.build("topic_viewed", language=LANGUAGES[n % 10])
                futures.append(done)
            if len(futures) < BURST:
                QtCore.QTimer.singleShot(0, next_slice)

        next_slice()

    done: Future[str] = Future()
    done.set_result("")

    def nothing(futures: list[Any]) -> None:
        # the machine's own noise floor: the same loop for about as long, logging nothing
        QtCore.QTimer.singleShot(800, lambda: futures.extend(done for _ in range(BURST)))

    for _ in range(rounds):  # interleaved, so the machine's load hits every scenario alike
        run("idle_baseline", nothing)
        run("gui_built_not_logged", built_not_logged)
        run("gui_slices", from_gui_thread)
    gc.callbacks.remove(on_collection)
    log.close()
    database.close()
    figures: dict[str, float] = {}
    for name, measured in results.items():
        worst = [m[0] for m in measured]
        figures[f"burst_{name}_loop_stall_max_ms"] = round(max(worst), 2)
        figures[f"burst_{name}_loop_stall_median_of_max_ms"] = round(statistics.median(worst), 2)
        figures[f"burst_{name}_loop_stall_p99_ms"] = round(
            statistics.median(m[1] for m in measured), 2
        )
        if name not in ("idle_baseline", "gui_built_not_logged"):
            figures[f"burst_{name}_all_durable_ms"] = round(
                statistics.median(m[2] for m in measured), 1
            )
        collected = collections[name]
        figures[f"burst_{name}_gc_pause_max_ms"] = round(max(c[0] for c in collected), 2)
        figures[f"burst_{name}_gc_full_collections"] = sum(c[1] for c in collected)
        figures[f"burst_{name}_cpu_median_ms"] = round(statistics.median(c[2] for c in collected))
        waited = sum(w[0] for w in cpu_waits[name])
        stalled_for = sum(w[1] for w in cpu_waits[name])
        if stalled_for:
            figures[f"burst_{name}_stalls_waiting_for_cpu_share"] = round(waited / stalled_for, 2)
    return figures


def run_queue_clock() -> Callable[[], float]:
    """Milliseconds the calling thread has spent runnable but not running, so far (Linux).

    From /proc's scheduler statistics for the thread; a clock that stays at zero elsewhere.
    """
    path = f"/proc/self/task/{threading.get_native_id()}/schedstat"
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return lambda: 0.0

    def waited() -> float:
        return int(os.pread(descriptor, 64, 0).split()[1]) / 1e6

    return waited


def statistics_at_scale(folder: Path, events: int) -> dict[str, float]:
    database = open_database(folder)
    now = local_now()
    clock_now = [now]
    log = ReachLog(
        database, ReachContext("bench", "dev-bench", "2026.11.0"), clock=lambda: clock_now[0]
    )
    kinds = ("visit", "language_selected", "topic_viewed", "audio_played", "card_printed")
    started = time.perf_counter()
    last = None
    for n in range(events):
        if n % 1000 == 0:
            clock_now[0] = now - timedelta(days=(n // 1000) % 28, hours=n % 11)
            if last is not None:
                last.result()  # keep the queue (and memory) bounded
        kind = kinds[n % 5]
        last = log.submit(
            kind,
            language=None if kind == "visit" else LANGUAGES[n % 10],
            topic=TOPICS[n % 4] if kind in ("topic_viewed", "audio_played") else None,
        )
    if last is not None:
        last.result()
    filled = time.perf_counter() - started
    today = now.date()
    times = []
    for _ in range(20):
        begun = time.perf_counter()
        stats = compute(database.engine, today)
        times.append((time.perf_counter() - begun) * 1000)
    assert stats.backlog == events, stats.backlog
    backlog_times, batch_times = [], []
    for round_number in range(5):
        begun = time.perf_counter()
        backlog = log.backlog()
        backlog_times.append((time.perf_counter() - begun) * 1000)
        begun = time.perf_counter()
        batch = log.unsynced_batch(500)  # durably marks the 500 as handed out
        batch_times.append((time.perf_counter() - begun) * 1000)
        log.mark_synced(f"bench-{round_number}", [event["uuid"] for event in batch])
        assert backlog == events - 500 * round_number and len(batch) == 500
    log.close()
    database.close()
    return {
        "stats_events": events,
        "stats_fill_events_per_s": round(events / filled),
        "stats_compute_median_ms": round(statistics.median(times), 2),
        "stats_compute_max_ms": round(max(times), 2),
        "sync_backlog_count_median_ms": round(statistics.median(backlog_times), 2),
        "sync_unsynced_batch_500_median_ms": round(statistics.median(batch_times), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the burst scenarios")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a guard is exceeded")
    args = parser.parse_args()
    figures: dict[str, float | str] = {"started": datetime.now().isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory(prefix="bench-reach-") as folder:
        figures.update(write_latency(Path(folder) / "latency", args.writes))
        figures.update(burst_stalls(Path(folder) / "burst", args.rounds))
        if args.events:
            figures.update(statistics_at_scale(Path(folder) / "scale", args.events))
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            if name == "started":
                continue
            unit = "ms" if name.endswith("_ms") else ("events/s" if name.endswith("_per_s") else "")
            print(f"{name.removesuffix('_ms').removesuffix('_per_s')} {value} {unit}".rstrip())
    over = [name for name, limit in GUARDS.items() if float(figures[name]) > limit]
    for name in over:
        print(f"over the limit: {name} {figures[name]} > {GUARDS[name]}", file=sys.stderr)
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
