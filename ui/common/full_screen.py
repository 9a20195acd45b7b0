"""Keeping a kiosk-mode window over the whole screen, with or without a window manager.

Why: ``showFullScreen()`` only asks the window manager for full screen. On X without one (a
kiosk PC started straight into X) and under a compositor that leaves the size to the client
(cage), nobody answers, and the window stayed at its preferred size on black. A window manager
has the opposite weakness: its window menu (Alt+Space) can iconify the kiosk, and nothing on a
touch screen brings it back. So the window is given the screen's geometry itself before it
asks for full screen, follows its screen when that changes size or the window moves to another,
and puts itself back whenever something minimizes it.
"""

from __future__ import annotations

import logging

from ui.qt import QtCore, QtGui, QtWidgets, Slot

log = logging.getLogger(__name__)


def cover_screen(window: QtWidgets.QWidget) -> None:
    """Show ``window`` full screen, over its whole screen even where no window manager does it."""
    screen = window.screen() or QtGui.QGuiApplication.primaryScreen()
    window.setGeometry(screen.geometry())
    window.showFullScreen()


class FullScreenKeeper(QtCore.QObject):
    """Shows ``window`` over its whole screen and keeps it there (the locked kiosk; an outreach
    worker may leave full screen, so their window only uses :func:`cover_screen`)."""

    def __init__(self, window: QtWidgets.QWidget):
        super().__init__(window)
        self.window = window
        self._screen: QtGui.QScreen | None = None
        window.installEventFilter(self)

    def show(self) -> None:
        """Cover the screen now: the geometry first, then the full-screen request."""
        self._follow(self.window.screen() or QtGui.QGuiApplication.primaryScreen())
        cover_screen(self.window)
        handle = self.window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._follow, QtCore.Qt.ConnectionType.UniqueConnection)

    @Slot(QtGui.QScreen)
    def _follow(self, screen: QtGui.QScreen | None) -> None:
        """Watch ``screen``'s size (a monitor swapped, the resolution changed)."""
        if screen is None or screen is self._screen:
            return
        if self._screen is not None:
            self._screen.geometryChanged.disconnect(self._fit)
        self._screen = screen
        screen.geometryChanged.connect(self._fit)
        self._fit()

    @Slot()
    def _fit(self) -> None:
        if self._screen is None or not self.window.isVisible():
            return
        if self.window.geometry() != self._screen.geometry():
            log.info("full screen: the screen is now %s", self._screen.geometry().getRect())
            self.window.setGeometry(self._screen.geometry())

    @Slot()
    def restore(self) -> None:
        """Back over the whole screen, in front (after a minimize)."""
        if not self.window.isVisible() and not self.window.isMinimized():
            return  # closed meanwhile: the application is ending
        log.warning("the kiosk window was minimized; showing it again")
        self.show()
        self.window.raise_()
        self.window.activateWindow()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if (
            watched is self.window
            and event.type() == QtCore.QEvent.Type.WindowStateChange
            and self.window.isMinimized()
        ):
            # Not from inside the state change: the window manager is still applying it.
            QtCore.QTimer.singleShot(0, self.restore)
        return False
