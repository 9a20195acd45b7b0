"""The one thread that writes to the local database, committing queued rows in groups.

Why one thread: SQLite takes one writer at a time and a durable commit (synchronous=FULL) waits
for the disk. A single owner of every write keeps writes in order and no caller ever waits on
another's lock. Why groups: rows that queue up while a commit is on its way to the disk are
written together in the next transaction and share its fsync, so a burst of thousands of events
is on disk in a fraction of a second, while each caller still learns of success only once its
own row is durable.

When the disk is full (or goes read-only), rows appended with ``keep=True`` stay in memory and
are tried again every few seconds and with every later write, under the same uuid, so a
fire-and-forget count from a screen survives a full disk once space is freed. A caller who waits
for the result (``keep=False``) is told at once instead.

Every write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock first, so a second
process on the same file (``outreach-kiosk simulate`` beside a running kiosk) waits its turn
within the busy timeout instead of failing half-way.

Rows are inserted on a pooled SQLAlchemy connection; other work (outreach sessions, sync marks)
runs in an ORM session on one.
"""

from __future__ import annotations

import errno
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.errors import DiskFullError, ReadOnlyStorageError, StorageError
from kiosk.reach.receipt import Receipt, settle
from kiosk.storage.transactions import IMMEDIATE_OPTION

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = dict[str, Any]
InsertRows = Callable[[Connection, list[Row]], None]
Work = Callable[[Session], T]

MAX_GROUP = 1000
MAX_KEPT = 100_000  # rows held in memory while the disk is full: hours of a busy kiosk
RETRY_SECONDS = 5.0


@dataclass(frozen=True)
class _Call:
    work: Work[Any]
    future: Future[Any]


class _Stop:
    """Asks the thread to stop once everything queued before it is written."""


_Job = Receipt | _Call | _Stop


class Writer:
    """Owns every write to one database; rows are appended in groups, other work one by one."""

    def __init__(self, engine: Engine, insert_rows: InsertRows, name: str = "reach-writer"):
        self._engine = engine
        self._insert_rows = insert_rows
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._settled = threading.Condition()  # receipts wait on it; one wake-up per group
        self._kept: list[Receipt] = []  # only touched by the writer thread
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def waiting_for_disk(self) -> int:
        """Rows kept in memory because the disk refused them; written when it allows again."""
        return len(self._kept)

    def append(self, row: Row, keep: bool = False) -> Receipt:
        """Queue ``row`` (which has a ``uuid``); the receipt gives the uuid once it is durable.

        With ``keep`` a row the disk refuses is kept and retried instead of failing its receipt.
        """
        receipt = Receipt(row, keep, self._settled)
        self._put(receipt)
        return receipt

    def call(self, work: Work[T]) -> Future[T]:
        """Run ``work`` in a write transaction of its own; the future gives its result after the
        commit, or the error that rolled it back."""
        future: Future[T] = Future()
        self._put(_Call(work, future))
        return future

    def close(self) -> None:
        """Write everything queued so far, then stop the thread."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_Stop())
        self._thread.join()

    def _put(self, job: Receipt | _Call) -> None:
        with self._close_lock:
            if self._closed:
                raise StorageError("the reach log is closed")
            self._queue.put(job)

    def _run(self) -> None:
        held: _Job | None = None
        while True:
            if held is not None:
                job, held = held, None
            elif self._kept:
                try:
                    job = self._queue.get(timeout=RETRY_SECONDS)
                except queue.Empty:
                    self._write_group([])
                    continue
            else:
                job = self._queue.get()
            if isinstance(job, _Stop):
                self._give_up_kept()
                return
            if isinstance(job, _Call):
                self._run_call(job)
                continue
            group = [job]
            while len(group) < MAX_GROUP:
                try:
                    following = self._queue.get_nowait()
                except queue.Empty:
                    break
                if not isinstance(following, Receipt):
                    held = following  # handled after this group, in queue order
                    break
                group.append(following)
            self._write_group(group)

    def _write_group(self, group: list[Receipt]) -> None:
        group = [*self._kept, *group]  # the oldest first
        self._kept = []
        try:
            self._append_rows([receipt.row for receipt in group])
        except StorageError as error:
            if _refused_row(error) and len(group) > 1:
                self._write_one_by_one(group)
            else:
                self._refused(group, error)
            return
        settle(group, self._settled)

    def _write_one_by_one(self, group: list[Receipt]) -> None:
        """One bad row must not take the others down with it."""
        log.warning("a group of %d events was refused; writing them one by one", len(group))
        for receipt in group:
            try:
                self._append_rows([receipt.row])
            except StorageError as error:
                self._refused([receipt], error)
            else:
                settle([receipt], self._settled)

    def _refused(self, group: list[Receipt], error: StorageError) -> None:
        keepable = not _refused_row(error)
        failed = []
        for receipt in group:
            if keepable and receipt.keep and len(self._kept) < MAX_KEPT:
                self._kept.append(receipt)
            else:
                failed.append(receipt)
        if self._kept:
            log.error("%s; %d events wait in memory", error, len(self._kept))
        if failed:
            log.error("%s; %d events were not saved", error, len(failed))
            settle(failed, self._settled, error)

    def _give_up_kept(self) -> None:
        if not self._kept:
            return
        kept, self._kept = self._kept, []
        try:
            self._append_rows([receipt.row for receipt in kept])
        except StorageError as error:
            log.error("%s; %d events could not be saved before closing", error, len(kept))
            settle(kept, self._settled, error)
            return
        settle(kept, self._settled)

    def _append_rows(self, rows: list[Row]) -> None:
        """Insert ``rows`` in one durable transaction."""
        self._transaction(lambda connection: self._insert_rows(connection, rows))

    def _run_call(self, job: _Call) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        outcome: list[Any] = []

        def in_session(connection: Connection) -> None:
            with Session(bind=connection, expire_on_commit=False) as session:
                outcome.append(job.work(session))
                session.flush()

        try:
            self._transaction(in_session)
        except BaseException as error:  # handed to the caller, who decides
            job.future.set_exception(error)
        else:
            job.future.set_result(outcome[0])

    def _transaction(self, body: Callable[[Connection], None]) -> None:
        """Run ``body`` between BEGIN IMMEDIATE and COMMIT; storage failures become StorageError."""
        try:
            immediate = self._engine.execution_options(**{IMMEDIATE_OPTION: True})
            with immediate.connect() as connection, connection.begin():
                body(connection)
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            raise storage_error(error) from error


def _refused_row(error: StorageError) -> bool:
    """Whether the file refused a row itself (a constraint), not the disk refusing to write."""
    return isinstance(error.__cause__, sqlite3.IntegrityError | IntegrityError)


def storage_error(error: BaseException) -> StorageError:
    """A StorageError that says in plain words what went wrong with the disk or the file."""
    cause = getattr(error, "orig", None) or error
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        primary = code & 0xFF
        if primary == sqlite3.SQLITE_FULL:
            return DiskFullError(
                "the disk holding the reach database is full; free some space to keep counting"
            )
        if primary == sqlite3.SQLITE_READONLY:
            return ReadOnlyStorageError("the reach database is read-only; nothing can be saved")
        if primary == sqlite3.SQLITE_IOERR:
            return StorageError(f"the disk could not be written ({cause})")
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return DiskFullError("the disk holding the reach database is full")
    return StorageError(f"the reach database could not be written: {cause}")
