"""The UI's background-task runner: work runs off the GUI thread, answers come back on it.

Real threads and a real event loop (pytest-qt's); the work is gated with events, never timed.
"""

from __future__ import annotations

import sys
import threading
from concurrent.futures import Future
from types import TracebackType

import pytest

from ui.common.tasks import TaskRunner

WAIT_MS = 10_000


@pytest.fixture
def runner(qapp):  # type: ignore[no-untyped-def]
    made = TaskRunner(name="test-task")
    yield made
    made.shutdown()


def test_the_work_runs_on_a_worker_and_the_answer_on_the_gui_thread(runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    worked_on: list[threading.Thread] = []
    answered: list[tuple[int, threading.Thread]] = []

    def work() -> int:
        worked_on.append(threading.current_thread())
        return 42

    runner.run(work, lambda result: answered.append((result, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(answered), timeout=WAIT_MS)
    assert worked_on[0] is not threading.main_thread()
    assert worked_on[0].name.startswith("test-task")
    assert answered == [(42, threading.main_thread())]
    assert not runner.busy


def test_an_exception_comes_back_to_the_gui_thread(runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    failures: list[tuple[BaseException, threading.Thread]] = []
    successes: list[object] = []

    def work() -> None:
        raise OSError("disk gone")

    runner.run(work, successes.append, lambda e: failures.append((e, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    error, thread = failures[0]
    assert isinstance(error, OSError) and str(error) == "disk gone"
    assert thread is threading.main_thread()
    assert successes == []


def test_a_failure_nobody_handles_reaches_the_exception_hook(  # type: ignore[no-untyped-def]
    runner, qtbot, monkeypatch
) -> None:
    hooked: list[BaseException] = []

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        hooked.append(error)

    monkeypatch.setattr(sys, "excepthook", hook)
    runner.run(lambda: 1 // 0)
    qtbot.waitUntil(lambda: bool(hooked), timeout=WAIT_MS)
    assert isinstance(hooked[0], ZeroDivisionError)


def test_one_worker_answers_in_the_order_asked(runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    answers: list[int] = []

    def first() -> int:
        gate.wait(WAIT_MS / 1000)
        return 1

    runner.run(first, answers.append)
    runner.run(lambda: 2, answers.append)
    assert runner.busy
    gate.set()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=WAIT_MS)
    assert answers == [1, 2]


def test_watch_follows_a_future_made_by_another_thread(runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    future: Future[str] = Future()
    answers: list[tuple[str, threading.Thread]] = []
    runner.watch(future, lambda result: answers.append((result, threading.current_thread())))
    writer = threading.Thread(target=lambda: future.set_result("written"))
    writer.start()
    writer.join()
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    assert answers == [("written", threading.main_thread())]


def test_wait_blocks_until_the_work_is_done(runner) -> None:  # type: ignore[no-untyped-def]
    done = threading.Event()
    runner.run(done.set)
    runner.wait()
    assert done.is_set()


def test_shutdown_drops_work_not_started_and_waits_for_the_running(runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    started, gate = threading.Event(), threading.Event()
    ran: list[str] = []
    answers: list[object] = []

    def running() -> str:
        started.set()
        gate.wait(WAIT_MS / 1000)
        ran.append("running")
        return "running"

    runner.run(running, answers.append)
    queued = runner.run(lambda: ran.append("queued"), answers.append)
    queued.add_done_callback(lambda _future: gate.set())  # once shutdown has dropped it
    assert started.wait(WAIT_MS / 1000)
    runner.shutdown()
    assert queued.cancelled()
    assert ran == ["running"]
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    assert answers == ["running"]  # the dropped task is never answered
