"""The interpreter tuning for interaction: no automatic full collections, one on a timer instead.

Run in a child interpreter: the tuning freezes the garbage collector's view of the process and is
done once per process, which must not leak into the other tests.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from typing import Any

CHILD = textwrap.dedent(
    """
    import gc, sys
    from ui.qt import QtCore, QtWidgets
    from ui.common import runtime
    with_app = sys.argv[1] == "app"
    app = QtWidgets.QApplication([]) if with_app else None
    young, middle, old = gc.get_threshold()
    runtime.tune_for_interaction()
    print(gc.get_threshold() == (young, middle, runtime.NEVER if with_app else old))
    print(gc.get_freeze_count() > 1000, sys.getswitchinterval() == runtime.SWITCH_INTERVAL_S)
    timer = runtime._full_collections
    print(timer is not None and timer.isActive() if with_app else timer is None)
    class Cycle:
        pass
    garbage = Cycle(); garbage.me = garbage
    gc.collect(1)  # the cycle is old now: only a full collection finds it
    del garbage
    kept = [[] for _ in range(300_000)]  # hundreds of young collections' worth
    del kept
    print(any(type(o).__name__ == "Cycle" for o in gc.get_objects()) == with_app)
    runtime.collect_everything()
    print(not any(type(o).__name__ == "Cycle" for o in gc.get_objects()))
    """
)


def test_full_collections_wait_for_their_timer_with_an_event_loop() -> None:
    for mode in ("app", "none"):
        answer = subprocess.run(
            [sys.executable, "-c", CHILD, mode],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert answer.stdout.split() == ["True"] * 6, (mode, answer.stdout, answer.stderr)


def test_a_full_collection_waits_until_nobody_uses_the_screen(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    from ui.common import runtime
    from ui.qt import QtCore

    full: list[int] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    timer = QtCore.QTimer()
    timer.setInterval(runtime.FULL_COLLECTION_MS)
    in_use = [True]
    gc.callbacks.append(count)
    try:
        runtime.collect_when_quiet(timer, lambda: not in_use[0])  # a visit is running
        assert (len(full), timer.interval()) == (0, runtime.QUIET_RETRY_MS)
        in_use[0] = False  # back on the attract screen
        runtime.collect_when_quiet(timer, lambda: not in_use[0])
        assert (len(full), timer.interval()) == (1, runtime.FULL_COLLECTION_MS)
    finally:
        gc.callbacks.remove(count)
