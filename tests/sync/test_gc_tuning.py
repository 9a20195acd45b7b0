"""The central's garbage-collector settings take effect in the process that serves."""

from __future__ import annotations

import subprocess
import sys

from sync.central.gc_tuning import GC_THRESHOLD


def test_the_settings_apply_and_freeze_what_start_up_made() -> None:
    script = (
        "import gc, sync.central.api.app\n"
        "from sync.central.gc_tuning import tune_garbage_collector\n"
        "assert gc.get_freeze_count() == 0\n"
        "tune_garbage_collector()\n"
        "print(gc.get_threshold(), gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    threshold, frozen = done.stdout.rsplit(" ", 1)
    assert threshold == str(GC_THRESHOLD)
    assert int(frozen) > 10_000  # the app's modules, classes and functions
