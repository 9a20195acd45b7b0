"""The promise a queued reach event gives back: its uuid once it is on disk, or why it is not.

Why not ``concurrent.futures.Future``: a Future is half a dozen objects (a condition, its lock,
lists of waiters and callbacks), and a burst of thousands of queued events made the garbage
collector walk all of them while the screen waited (tens of milliseconds per full collection,
measured by bench/reach.py). A receipt is one small object; the writer settles a whole group of
them under one shared condition. It offers the part of the Future interface callers use:
``done``, ``result``, ``exception``, ``add_done_callback``.

Pure Python without heavy imports: kiosk.reach.visit refers to it before the database is open.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger(__name__)

Callback = Callable[["Receipt"], object]


class Receipt:
    """One queued event: the row to write, and its outcome once the writer has tried."""

    __slots__ = ("_callbacks", "_condition", "_done", "_error", "keep", "row")

    def __init__(self, row: dict[str, Any], keep: bool, condition: threading.Condition):
        self.row = row
        self.keep = keep  # wait in memory if the disk refuses it, instead of failing
        self._condition = condition
        self._done = False
        self._error: BaseException | None = None
        self._callbacks: list[Callback] | None = None

    @property
    def uuid(self) -> str:
        return str(self.row["uuid"])

    def done(self) -> bool:
        return self._done

    def result(self, timeout: float | None = None) -> str:
        """The event's uuid once it is durable; raises what refused it, or TimeoutError."""
        error = self.exception(timeout)
        if error is not None:
            raise error
        return self.uuid

    def exception(self, timeout: float | None = None) -> BaseException | None:
        if not self._done:
            with self._condition:
                if not self._condition.wait_for(self.done, timeout):
                    raise TimeoutError(f"event {self.uuid} not written within {timeout} s")
        return self._error

    def add_done_callback(self, callback: Callback) -> None:
        """Call ``callback(receipt)`` once settled (at once if it already is)."""
        with self._condition:
            if not self._done:
                if self._callbacks is None:
                    self._callbacks = []
                self._callbacks.append(callback)
                return
        callback(self)


def settle(
    receipts: Sequence[Receipt],
    condition: threading.Condition,
    error: BaseException | None = None,
) -> None:
    """Mark ``receipts`` written (or refused with ``error``), wake waiters, run callbacks."""
    with condition:
        for receipt in receipts:
            receipt._error = error
            receipt._done = True
        condition.notify_all()
    for receipt in receipts:
        # no callback is added once done, so this list is final
        for callback in receipt._callbacks or ():
            try:
                callback(receipt)
            except Exception:
                log.exception("a reach event callback failed")
