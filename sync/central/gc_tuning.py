"""The central's garbage-collector settings, so the cycle collector does not cost more than ingest.

Why: a batch of 5,000 events makes some 100,000 short-lived objects, freed by reference counting
as soon as its request ends; none of them form cycles. With Python's default threshold (700) the
collector still ran about a thousand times per 100,000 events and, as a batch's objects were
promoted while its request ran, its full collections walked every object of the app: measured
with ``gc.callbacks`` in the server during bench/sync.py, 1.9 s of the central's 4.4 s of CPU for
a 100,000-event push, 0.3 s with these settings. Freezing what start-up made takes those objects
out of every later collection; a higher first threshold makes collections rare. Cycles are still
collected.
"""

from __future__ import annotations

import gc
from typing import Final

GC_THRESHOLD: Final = (50_000, 10, 10)


def tune_garbage_collector() -> None:
    """Call once the app is built, before it serves requests."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
