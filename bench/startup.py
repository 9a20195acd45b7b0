"""Start-up time: process start to the first painted attract screen, next to a bare Qt window.

Both are measured the same way in the same run (a new process, timed from spawn until it prints
that its first window was painted), interleaved so machine noise hits both alike. Prints one
``name value unit`` line per figure, or one JSON object with ``--json``.

    python bench/startup.py [--runs 7] [--json] [--check]

Guard (the house issue): the kiosk's median start-up at most 3x the bare window's; ``--check``
fails above it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATIO_LIMIT = 3.0

BARE_WINDOW = """
import time
from PySide6 import QtCore, QtWidgets

class Reporter(QtCore.QObject):
    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(f"painted {time.perf_counter():.6f}", flush=True)
            QtCore.QTimer.singleShot(0, QtWidgets.QApplication.quit)
        return False

app = QtWidgets.QApplication([])
window = QtWidgets.QMainWindow()
central = QtWidgets.QWidget()
window.setCentralWidget(central)
reporter = Reporter()
central.installEventFilter(reporter)
window.resize(1280, 800)
window.show()
app.exec()
"""


def time_to_first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` until it reports its first paint."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("painted"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{command[0]} exited without painting (code {process.wait()})")
    if process.wait(timeout=60) != 0:
        raise RuntimeError(f"{command} failed with code {process.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the limit")
    args = parser.parse_args()

    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    kiosk_script = str(Path(sys.executable).with_name("outreach-kiosk"))
    with tempfile.TemporaryDirectory() as data_dir:
        kiosk = [kiosk_script, "--windowed", "--quit-after-paint", "--data-dir", data_dir]
        env["XDG_CONFIG_HOME"] = data_dir  # no site settings file influences the run
        first_start = time_to_first_paint(kiosk, env)  # creates and migrates the database
        bare, full = [], []
        for _ in range(args.runs):
            bare.append(time_to_first_paint([sys.executable, "-c", BARE_WINDOW], env))
            full.append(time_to_first_paint(kiosk, env))

    figures = {
        "startup_kiosk_first_run_s": round(first_start, 4),
        "startup_kiosk_median_s": round(statistics.median(full), 4),
        "startup_bare_qt_median_s": round(statistics.median(bare), 4),
        "startup_ratio_kiosk_to_bare": round(statistics.median(full) / statistics.median(bare), 2),
        "runs": args.runs,
        "qt_platform": env.get("QT_QPA_PLATFORM", "xcb"),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            unit = "s" if name.endswith("_s") else ("x" if "ratio" in name else "")
            print(f"{name.removesuffix('_s')} {value} {unit}".rstrip())
    ratio = float(figures["startup_ratio_kiosk_to_bare"])
    if ratio > RATIO_LIMIT:
        print(f"over the limit: start-up {ratio}x > {RATIO_LIMIT}x", file=sys.stderr)
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
