"""The coordinator view's link to the central: every request on a worker thread.

Why a thread: a statistics request crosses the network (and a funder report needs nine of them
plus a PDF); the window must stay alive and say what it is doing. The worker owns the
``StatsClient``; :class:`Central` asks it through queued signals and relays each answer, tagged
with the number it was asked under, on the GUI thread. :meth:`Central.shutdown` waits for the
thread; call it when the window closes.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from sync.stats import exports as stats_exports
from sync.stats import report as stats_report
from sync.stats.client import StatsClient, StatsClientError
from sync.stats.protocol import StatsQuery
from ui.qt import QtCore, Signal, Slot

log = logging.getLogger(__name__)


class CentralWorker(QtCore.QObject):
    """Lives on the worker thread; every slot runs there.

    Why a thread of its own rather than a :class:`ui.common.tasks.TaskRunner` task: this is a
    conversation, not a one-off job. The worker holds the signed-in session with the central
    (its token and open connections) for as long as the window is open; the sign-in replaces
    it, every request uses it in the order asked, and the sign-out is queued behind whatever is
    still running, so no answer outlives the sign-in.
    """

    signed_in = Signal(object)  # SignInResponse
    sign_in_failed = Signal(str, int)  # message, HTTP status (0: none)
    answered = Signal(int, object)  # request number, answer
    failed = Signal(int, str, int)  # request number, message, HTTP status (0: none)

    def __init__(self) -> None:
        super().__init__()
        self.client: StatsClient | None = None

    @Slot(str, str, str)
    def sign_in(self, url: str, name: str, password: str) -> None:
        try:
            if self.client is not None:
                self.client.close()
            self.client = StatsClient(url)
            self.signed_in.emit(self.client.sign_in(name, password))
        except StatsClientError as exc:
            self.sign_in_failed.emit(str(exc), exc.status or 0)

    @Slot()
    def sign_out(self) -> None:
        """End the sign-in at the central (its token is refused from now on) and forget it.

        Offline, the central cannot be told; the token is forgotten here all the same and
        expires on its own.
        """
        if self.client is None:
            return
        client, self.client = self.client, None
        if not client.sign_out():
            log.warning("the central did not confirm the sign-out; the token ends when it expires")
        client.close()

    @Slot(int, object)
    def fetch(self, number: int, queries: object) -> None:
        """Answer a mapping of named queries with a dict of named tables."""
        assert isinstance(queries, Mapping)
        self._run(number, lambda client: {k: client.stats(q) for k, q in queries.items()})

    @Slot(int, object, str, str, str)
    def export(
        self, number: int, query: object, path: str, file_format: str, language: str
    ) -> None:
        """Ask for ``query`` and write the published table to ``path`` (csv or xlsx)."""
        assert isinstance(query, StatsQuery)

        def write(client: StatsClient) -> object:
            table = client.stats(query)
            stats_exports.write(table, Path(path), file_format, language)
            return table

        self._run(number, write)

    @Slot(int, object, str, str)
    def report(self, number: int, quarter: object, path: str, language: str) -> None:
        """The funder report of the quarter holding ``quarter``, from the API's tables."""
        assert isinstance(quarter, date)

        def write(client: StatsClient) -> object:
            tables = client.report_tables(quarter)
            Path(path).write_bytes(stats_report.build(tables, language))
            return path

        self._run(number, write)

    def _run(self, number: int, action: Callable[[StatsClient], object]) -> None:
        if self.client is None:
            self.failed.emit(number, "not signed in", 401)
            return
        try:
            self.answered.emit(number, action(self.client))
        except StatsClientError as exc:
            self.failed.emit(number, str(exc), exc.status or 0)
        except OSError as exc:
            self.failed.emit(number, str(exc), 0)
        except Exception as exc:  # the window says so; the log keeps the trace
            log.exception("request %d failed", number)
            self.failed.emit(number, repr(exc), 0)


class Central(QtCore.QObject):
    """The GUI's side: asks the worker, relays its answers (queued, on the GUI thread)."""

    signed_in = Signal(object)
    sign_in_failed = Signal(str, int)
    answered = Signal(int, object)
    failed = Signal(int, str, int)
    _sign_in = Signal(str, str, str)
    _sign_out = Signal()
    _fetch = Signal(int, object)
    _export = Signal(int, object, str, str, str)
    _report = Signal(int, object, str, str)

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._numbers = itertools.count(1)
        self._thread = QtCore.QThread()
        self._thread.setObjectName("coordinator-central")
        self._worker = CentralWorker()
        self._worker.moveToThread(self._thread)
        self._sign_in.connect(self._worker.sign_in)
        self._sign_out.connect(self._worker.sign_out)
        self._fetch.connect(self._worker.fetch)
        self._export.connect(self._worker.export)
        self._report.connect(self._worker.report)
        self._worker.signed_in.connect(self._relay_signed_in)
        self._worker.sign_in_failed.connect(self._relay_sign_in_failed)
        self._worker.answered.connect(self._relay_answered)
        self._worker.failed.connect(self._relay_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def sign_in(self, url: str, name: str, password: str) -> None:
        self._sign_in.emit(url, name, password)

    def sign_out(self) -> None:
        """Queued behind any request still running, so no answer outlives the sign-in."""
        self._sign_out.emit()

    def fetch(self, queries: Mapping[str, StatsQuery]) -> int:
        number = next(self._numbers)
        self._fetch.emit(number, dict(queries))
        return number

    def export(self, query: StatsQuery, path: Path, file_format: str, language: str) -> int:
        number = next(self._numbers)
        self._export.emit(number, query, str(path), file_format, language)
        return number

    def report(self, quarter: date, path: Path, language: str) -> int:
        number = next(self._numbers)
        self._report.emit(number, quarter, str(path), language)
        return number

    def shutdown(self) -> None:
        """Stop the thread, then end the sign-in: closing the window signs the person out."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
            self._worker.sign_out()

    @Slot(object)
    def _relay_signed_in(self, person: object) -> None:
        self.signed_in.emit(person)

    @Slot(str, int)
    def _relay_sign_in_failed(self, message: str, status: int) -> None:
        self.sign_in_failed.emit(message, status)

    @Slot(int, object)
    def _relay_answered(self, number: int, answer: object) -> None:
        self.answered.emit(number, answer)

    @Slot(int, str, int)
    def _relay_failed(self, number: int, message: str, status: int) -> None:
        self.failed.emit(number, message, status)
