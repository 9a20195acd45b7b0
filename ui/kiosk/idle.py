"""Ends a visit after a quiet spell, so the next visitor never sees the last one's screens.

The watcher filters the events of the kiosk's top-level QWindow, where every real touch, click
and key press arrives before Qt hands it to a widget, and not those of the whole application:
a language switch alone makes a thousand internal events (paints, layouts, font changes), and
filtering each of them in Python cost more than a frame.
"""

from __future__ import annotations

from ui.qt import QtCore, Signal

USER_INPUT_EVENTS = frozenset(
    {
        QtCore.QEvent.Type.MouseButtonPress,
        QtCore.QEvent.Type.MouseMove,
        QtCore.QEvent.Type.TouchBegin,
        QtCore.QEvent.Type.TouchUpdate,
        QtCore.QEvent.Type.KeyPress,
        QtCore.QEvent.Type.Wheel,
    }
)


class IdleWatcher(QtCore.QObject):
    """Emits ``idle`` when no user input has arrived for ``timeout_ms``, while armed."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)

    def arm(self) -> None:
        """Start counting quiet time (a visit is running)."""
        self._timer.start()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(timeout_ms)

    def disarm(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if self._timer.isActive() and event.type() in USER_INPUT_EVENTS:
            self._timer.start()
        return False
