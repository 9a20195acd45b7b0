"""The interpreter tuning for interaction: no automatic full collections, one on a timer instead.

Run in a child interpreter: the tuning freezes the garbage collector's view of the process and is
done once per process, which must not leak into the other tests.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import gc, sys
    from ui.qt import QtCore, QtWidgets
    from ui import runtime
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
