"""Garbage collection on the GUI thread only, and out of the way of what start-up loaded.

Why: CPython runs its cycle collector on whichever thread happens to allocate when a threshold
is passed: the reach log's writer, the sync worker, the thread opening the database. When the
garbage it finds holds a Qt object (a closed window's widget in a cycle with a slot connected to
it), that object is destroyed on the wrong thread, and Qt objects may only be destroyed on the
thread they live on: the application crashes in the middle of a visit. So automatic collection is
switched off and a timer on the GUI thread does the same work on CPython's own thresholds; other
threads only free by reference counting, which never crosses threads.

Once start-up is over, what it loaded (Qt bindings, SQLAlchemy, the content pack) is frozen, so a
full collection walks only what was made since and stays short.
"""

from __future__ import annotations

import gc

from ui.qt import QtCore, Slot

CHECK_INTERVAL_MS = 250
COLLECTOR_NAME = "gui-thread-garbage-collector"


class GuiThreadCollector(QtCore.QObject):
    """Collects, on the GUI thread, the oldest generation whose threshold was passed."""

    def __init__(self, parent: QtCore.QObject):
        super().__init__(parent)
        self.setObjectName(COLLECTOR_NAME)
        self.thresholds = gc.get_threshold()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    @Slot()
    def collect_due(self) -> int | None:
        """What CPython does after an allocation passes a threshold; the generation collected,
        or None when none was due."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return generation
        return None


def collect_on_gui_thread(application: QtCore.QCoreApplication) -> GuiThreadCollector:
    """Switch automatic collection off and collect on ``application``'s thread from now on.
    Call on the GUI thread once the application exists; later calls return the same collector."""
    collector = application.findChild(GuiThreadCollector, COLLECTOR_NAME)
    if not isinstance(collector, GuiThreadCollector):
        collector = GuiThreadCollector(application)
        collector.start()
    return collector


_frozen = False


def freeze_long_lived() -> None:
    """Call once start-up has loaded everything long-lived (when storage is open). Only the
    first call in a process does anything: what is made later is not long-lived."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
