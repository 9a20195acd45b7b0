"""Garbage is collected on the GUI thread only, never on a worker that happens to allocate.

Run in a child interpreter: the collector switches automatic collection off for the whole process
and freezes what is loaded, which must not leak into the other tests.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import gc, sys, threading
    from ui.qt import QtCore, QtWidgets
    from ui.common.collector import collect_on_gui_thread, freeze_long_lived

    app = QtWidgets.QApplication([])
    install = sys.argv[1] == "collector"
    if install:
        collector = collect_on_gui_thread(app)
        assert collect_on_gui_thread(app) is collector  # one per application
        freeze_long_lived()
    collected_on = set()

    def note(phase, info):
        if phase == "start":
            collected_on.add(threading.current_thread().name)

    gc.callbacks.append(note)

    def make_garbage_widgets():
        for _ in range(200):
            widget = QtWidgets.QLabel("a closed window's label")
            widget.me = widget  # a cycle: only the collector frees it
            del widget

    make_garbage_widgets()

    def allocate():  # what the reach log's writer does during a burst
        kept = [[] for _ in range(200_000)]
        del kept

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    timer = QtCore.QTimer()
    timer.singleShot(1200, app.quit)
    app.exec()
    labels = sum(isinstance(o, QtWidgets.QLabel) for o in gc.get_objects())
    print(" ".join(sorted(collected_on)), labels)
    """
)


def run_child(mode: str) -> str:
    answer = subprocess.run(
        [sys.executable, "-c", CHILD, mode],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        check=True,
    )
    return answer.stdout.strip()


def test_garbage_holding_qt_objects_is_collected_on_the_gui_thread_only() -> None:
    assert run_child("collector") == "MainThread 0"


def test_without_the_collector_a_worker_thread_collects() -> None:
    """The control: what the collector prevents does happen in this interpreter."""
    threads, _labels = run_child("none").rsplit(" ", 1)
    assert "worker" in threads.split()
