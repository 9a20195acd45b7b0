""" "Are you still there?": a countdown before an idle visit ends; a tap anywhere but on "Done"
continues the visit.

Why a countdown and not a silent reset: a slow reader who has not touched the screen for a while
should not lose their page. Why the page is hidden meanwhile: the person now standing at the
kiosk may be someone else.
"""

from __future__ import annotations

from kiosk.i18n import _, ngettext
from ui.common.wrapping import WrappingButton
from ui.qt import QtCore, QtGui, QtWidgets, Signal

COUNTDOWN_SECONDS = 20


class StillThereScreen(QtWidgets.QWidget):
    """Counts down; emits ``stay`` when the visitor answers, ``expired`` at zero."""

    stay = Signal()
    finish = Signal()
    expired = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.seconds = COUNTDOWN_SECONDS
        self.remaining = 0
        self.question = QtWidgets.QLabel()
        self.question.setObjectName("title")
        self.countdown = QtWidgets.QLabel()
        self.countdown.setObjectName("countdown")
        self.explanation = QtWidgets.QLabel()
        self.explanation.setObjectName("prompt")
        for label in (self.question, self.countdown, self.explanation):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.stay_button = WrappingButton()
        self.stay_button.setObjectName("primary")
        self.stay_button.clicked.connect(self.stay)
        self.finish_button = WrappingButton()
        self.finish_button.setObjectName("done")
        self.finish_button.clicked.connect(self.finish)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stay_button)
        buttons.addSpacing(32)
        buttons.addWidget(self.finish_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        layout.addWidget(self.explanation)
        layout.addSpacing(32)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self._timer = QtCore.QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802
        """A tap anywhere but on "Done" means "yes, I am here": whoever taps is present."""
        event.accept()
        self.stay.emit()

    def start(self) -> None:
        self.remaining = self.seconds
        self._show_remaining()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def counting(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._timer.stop()
            self.expired.emit()
            return
        self._show_remaining()

    def _show_remaining(self) -> None:
        self.question.setText(_("Are you still there?"))
        self.countdown.setText(str(self.remaining))
        self.explanation.setText(
            ngettext(
                "This screen will close in {seconds} second.",
                "This screen will close in {seconds} seconds.",
                self.remaining,
            ).format(seconds=self.remaining)
        )
        self.stay_button.setText(_("Yes, continue"))
        self.finish_button.setText(_("Done"))
