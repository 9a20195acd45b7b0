"""Interpreter settings for an interactive kiosk that logs on background threads.

Why: the event loop must never stall for more than a frame, and two things in CPython can stall
it while the reach log writes: a full garbage collection walking every object the app has loaded
(Qt bindings, SQLAlchemy, the content pack: tens of milliseconds), and the GUI thread waiting
for the GIL behind a busy worker thread (up to the switch interval, 5 ms by default, each time).
Once start-up is over, the long-lived objects are moved out of the collector's way
(``gc.freeze``), and the switch interval is shortened so the GUI thread gets the GIL back sooner.

Full collections are also kept away from moments of use. CPython starts one after every ten
collections of the middle generation, that is after some 70,000 container allocations: just
what a burst of reach events makes (a queued event is two containers), so the full collection
landed in the middle of the burst, walking every event still queued (10 to 60 ms measured with
``gc.callbacks`` in bench/reach.py). Young objects are still collected as usual; the full
collection runs instead on a timer of its own, every few minutes, when its cost (the objects
made since start-up) is small, and only while the screen is quiet (the kiosk's attract screen,
outreach mode's session list): a visitor never waits for it.
bench/reach.py measures the loop's latency with these settings.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

from ui.qt import QtCore

SWITCH_INTERVAL_S = 0.001
FULL_COLLECTION_MS = 5 * 60 * 1000
QUIET_RETRY_MS = 15 * 1000  # someone is using the screen: look again this much later
NEVER = 1_000_000_000  # a generation-2 threshold no program reaches: no automatic full runs
_tuned = False
_full_collections: QtCore.QTimer | None = None


def tune_for_interaction(quiet: Callable[[], bool] = lambda: True) -> None:
    """Call once start-up has loaded everything long-lived (e.g. when storage is open).

    Only the first call in a process does anything: later objects are not long-lived by
    definition, and frozen garbage would never be collected.
    """
    global _tuned, _full_collections
    if _tuned:
        return
    _tuned = True
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    application = QtCore.QCoreApplication.instance()
    if application is None:  # no event loop to run the timer: keep CPython's own schedule
        return
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    timer = _full_collections = QtCore.QTimer(application)
    timer.setInterval(FULL_COLLECTION_MS)
    timer.timeout.connect(lambda: collect_when_quiet(timer, quiet))
    timer.start()


def collect_when_quiet(timer: QtCore.QTimer, quiet: Callable[[], bool]) -> None:
    """The full collection's timer is due: collect now if nobody is using the screen, else
    look again soon."""
    if quiet():
        collect_everything()
        timer.setInterval(FULL_COLLECTION_MS)
    else:
        timer.setInterval(QUIET_RETRY_MS)


def collect_everything() -> None:
    """A full collection of what was made since start-up (frozen objects are not walked)."""
    gc.collect()
