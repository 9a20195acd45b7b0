"""ui.common.full_screen in the kiosk window: the geometry is the screen's, and a minimized kiosk
comes back. Offscreen here; tests/ui/test_kiosk_session.py checks the same on a real X server
and under cage."""

from __future__ import annotations

from ui.qt import QtCore


def test_kiosk_mode_covers_the_screen_and_comes_back_when_minimized(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = kiosk.window
    window.enter_kiosk_mode()
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.geometry() == screen, timeout=5000)
    assert window.isFullScreen()

    window.showMinimized()  # what a window manager's "Iconify" does to the window state
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible(), timeout=5000)
    assert window.isFullScreen()
    assert window.geometry() == screen


def test_a_screen_that_changes_size_is_followed(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = kiosk.window
    window.enter_kiosk_mode()
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.geometry() == screen, timeout=5000)
    window.setGeometry(QtCore.QRect(0, 0, 640, 480))  # as if the screen had been smaller
    window.screen().geometryChanged.emit(screen)
    assert window.geometry() == screen
