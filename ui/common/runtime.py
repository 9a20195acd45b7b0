"""Once start-up is over, what it loaded is taken out of the garbage collector's way.

Why: a full collection walks every object the process holds, and after start-up that is the Qt
bindings, SQLAlchemy and the content pack: tens of milliseconds a time, long enough for a visitor
to see a frame missed. ``gc.freeze()`` moves those long-lived objects out of every later
collection, so the collector only walks what was made since. Nothing else is tuned: CPython's
own schedule does the rest (bench/reach.py measures the event loop under a burst of events).
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_after_start_up() -> None:
    """Call once start-up has loaded everything long-lived (e.g. when storage is open).

    Only the first call in a process does anything: later objects are not long-lived by
    definition, and frozen garbage would never be collected.
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
