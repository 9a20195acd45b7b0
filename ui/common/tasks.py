"""Background work for the UI: a function runs on a worker thread, and its result or its
exception comes back on the GUI thread.

Why one runner: widgets may only be touched on the GUI thread, yet opening the database, counting
statistics and making a card each take long enough to freeze a screen a visitor is touching. Every
screen that has such work hands it to a :class:`TaskRunner` and is called back on the GUI thread,
so no screen keeps threads, executors or queued signals of its own, and a failure always reaches
someone: the screen's ``on_failure``, else ``sys.excepthook`` (which the window host points at a
calm recovery).

How: a ``concurrent.futures`` executor runs the function; the future's done-callback runs on the
worker thread, so all it does is emit a queued signal with the task's number, and the runner, a
QObject living on the GUI thread, calls back from there. Work that already has a thread of its
own (the reach log's writer returns futures and receipts) is followed with :meth:`watch` the same
way.

Each owner makes its own runner, usually with one worker: tasks then run one after another, in
the order they were asked for (a statistics export waits for the count it exports), and closing
the owner waits for one task at most.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import sys
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any, Generic, Protocol, TypeVar

from ui.qt import QtCore, Signal, Slot

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

log = logging.getLogger(__name__)


class Outcome(Protocol[T_co]):
    """A Future, or anything shaped like one (the reach log's Receipt)."""

    def add_done_callback(self, fn: Callable[[Any], object], /) -> None: ...

    def result(self, timeout: float | None = None) -> T_co: ...

    def exception(self, timeout: float | None = None) -> BaseException | None: ...


def report_unhandled(error: BaseException) -> None:
    """What happens to a failure nobody asked about: the GUI thread's exception hook."""
    sys.excepthook(type(error), error, error.__traceback__)


class _Waiting(Generic[T]):
    __slots__ = ("on_failure", "on_success", "outcome")

    def __init__(
        self,
        outcome: Outcome[T],
        on_success: Callable[[T], object] | None,
        on_failure: Callable[[BaseException], object],
    ):
        self.outcome = outcome
        self.on_success = on_success
        self.on_failure = on_failure


class TaskRunner(QtCore.QObject):
    """Runs functions on ``workers`` threads named ``name``; calls back on the GUI thread.

    Make it on the GUI thread (it delivers on the thread it lives on). Give it a parent that
    lives as long as the work matters: once the runner is deleted, answers still on their way
    are dropped and no new task starts.
    """

    _settled = Signal(int)

    def __init__(
        self, parent: QtCore.QObject | None = None, *, name: str = "task", workers: int = 1
    ):
        super().__init__(parent)
        executor = self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._waiting: dict[int, _Waiting[Any]] = {}
        self._numbers = itertools.count()
        self._running: list[Future[Any]] = []
        self._settled.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(lambda: executor.shutdown(wait=False, cancel_futures=True))

    @property
    def busy(self) -> bool:
        """Whether an answer is still to be delivered."""
        return bool(self._waiting)

    def run(
        self,
        task: Callable[[], T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Callable[[BaseException], object] = report_unhandled,
    ) -> Future[T]:
        """Start ``task()`` on a worker; then ``on_success(result)`` or ``on_failure(error)``
        on the GUI thread. The future is returned for those who must wait (see :meth:`wait`)."""
        future = self._executor.submit(task)
        self._running = [*(f for f in self._running if not f.done()), future]
        self.watch(future, on_success, on_failure)
        return future

    def watch(
        self,
        outcome: Outcome[T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Callable[[BaseException], object] = report_unhandled,
    ) -> None:
        """Call back on the GUI thread once ``outcome``, made by another thread, is settled."""
        number = next(self._numbers)
        self._waiting[number] = _Waiting(outcome, on_success, on_failure)
        outcome.add_done_callback(lambda _outcome: self._announce(number))

    def wait(self) -> None:
        """Block until every task started so far has finished (their answers come later)."""
        for future in list(self._running):
            with contextlib.suppress(CancelledError):
                future.exception()

    def shutdown(self) -> None:
        """Drop tasks not started yet and wait for the one running; nothing new starts."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _announce(self, number: int) -> None:
        """On whichever thread settled the outcome: only hand the news to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the runner was deleted meanwhile
            self._settled.emit(number)

    @Slot(int)
    def _deliver(self, number: int) -> None:
        waiting = self._waiting.pop(number)
        outcome = waiting.outcome
        if isinstance(outcome, Future) and outcome.cancelled():
            return  # dropped by shutdown(): nobody is waiting for it any more
        error = outcome.exception()
        if error is not None:
            waiting.on_failure(error)
        elif waiting.on_success is not None:
            waiting.on_success(outcome.result())
