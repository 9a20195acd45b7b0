"""Hands the outcome of work done off the GUI thread back to it, as Qt requires.

The reach log's writer and the statistics queries run on threads of their own and report through
``concurrent.futures.Future`` (or the reach log's lighter Receipt); widgets may only be touched on
the GUI thread, so a watcher turns "it is done" into a queued Qt signal and calls the screen back
there.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from typing import Any, Protocol

from ui.qt import QtCore, Signal, Slot


class Pending(Protocol):
    """A Future, or anything else that calls back once it is done."""

    def add_done_callback(self, fn: Callable[[Any], object], /) -> None: ...


Callback = Callable[[Any], None]


class FutureWatcher(QtCore.QObject):
    """Calls ``on_done(future)`` on the GUI thread once ``future`` has finished."""

    _finished = Signal(int)

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._waiting: dict[int, tuple[Pending, Callback]] = {}
        self._keys = itertools.count()
        self._finished.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def watch(self, future: Pending, on_done: Callback) -> None:
        key = next(self._keys)
        self._waiting[key] = (future, on_done)
        future.add_done_callback(lambda _future: self._emit(key))

    def _emit(self, key: int) -> None:
        with contextlib.suppress(RuntimeError):  # the screen was closed meanwhile
            self._finished.emit(key)

    @Slot(int)
    def _deliver(self, key: int) -> None:
        future, on_done = self._waiting.pop(key)
        on_done(future)
