"""Interpreter settings for an interactive kiosk that logs on background threads.

Why: the event loop must never stall for more than a frame, and two things in CPython can stall
it while the reach log writes: a full garbage collection walking every object the app has loaded
(Qt bindings, SQLAlchemy, the content pack: tens of milliseconds), and the GUI thread waiting
for the GIL behind a busy worker thread (up to the switch interval, 5 ms by default, each time).
Once start-up is over, the long-lived objects are moved out of the collector's way
(``gc.freeze``), and the switch interval is shortened so the GUI thread gets the GIL back sooner.
bench/reach.py measures the loop's latency with these settings.
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL_S = 0.001
_tuned = False


def tune_for_interaction() -> None:
    """Call once start-up has loaded everything long-lived (e.g. when storage is open).

    Only the first call in a process does anything: later objects are not long-lived by
    definition, and frozen garbage would never be collected.
    """
    global _tuned
    if _tuned:
        return
    _tuned = True
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
