"""The Qt binding keeps Python's reference counts right over a long day at the desk.

PySide6 6.12.0 dropped a reference to None on every call returning nothing. From Python 3.12
None is immortal and nothing shows; on 3.11 the kiosk aborted ("deallocating None") after a few
thousand calls, i.e. within minutes of use. pyproject.toml keeps that release out; this test
fails if such a binding comes back.
"""

from __future__ import annotations

import sys

from ui.qt import QtCore, QtWidgets

CALLS = 200  # few enough that a bad binding fails here instead of aborting the run


def test_calls_returning_nothing_keep_none_alive(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    label = QtWidgets.QLabel()
    timer = QtCore.QTimer()
    before = sys.getrefcount(None)
    for index in range(CALLS):
        label.setText(str(index))
        label.setVisible(False)
        timer.start(1000)
        timer.stop()
        kiosk_app.processEvents()
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 10, f"{lost} references to None lost over {CALLS * 5} calls"
