"""The attract screen: a greeting that cycles through every language, waiting for a touch.

It is also the neutral screen the discreet "hide" button returns to, so it shows nothing about
any visit. Desk staff reach the admin PIN by holding a finger on its top-left corner for a few
seconds; a visitor's tap never does.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import N_
from ui.common.fonts import font_for
from ui.qt import QtCore, QtGui, QtWidgets, Signal

GREETING = N_("Welcome")
PROMPT = N_("Touch the screen to start")
CYCLE_MS = 2500
ADMIN_CORNER_PX = 96
ADMIN_HOLD_MS = 3000


class AttractScreen(QtWidgets.QWidget):
    """Shown between visits. A touch emits ``started``; a long hold in the corner ``admin``."""

    started = Signal()
    admin = Signal()

    def __init__(self, languages: tuple[str, ...], parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._languages = languages
        self._index = 0
        self.greeting = QtWidgets.QLabel()
        self.greeting.setObjectName("greeting")
        self.prompt = QtWidgets.QLabel()
        self.prompt.setObjectName("prompt")
        for label in (self.greeting, self.prompt):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.greeting)
        layout.addSpacing(24)
        layout.addWidget(self.prompt)
        layout.addStretch(3)
        self._timer = QtCore.QTimer(self, interval=CYCLE_MS)
        self._timer.timeout.connect(self.show_next_language)
        self._hold = QtCore.QTimer(self, singleShot=True, interval=ADMIN_HOLD_MS)
        self._hold.timeout.connect(self.admin)
        self.show_language(0)

    def set_languages(self, languages: tuple[str, ...]) -> None:
        self._languages = languages
        self.show_language(0)

    def show_language(self, index: int) -> None:
        self._index = index % len(self._languages)
        language = self._languages[self._index]
        direction = (
            QtCore.Qt.LayoutDirection.RightToLeft
            if i18n.is_right_to_left(language)
            else QtCore.Qt.LayoutDirection.LeftToRight
        )
        for label, message in ((self.greeting, GREETING), (self.prompt, PROMPT)):
            label.setFont(font_for(language, label.font()))
            label.setLayoutDirection(direction)
            label.setText(i18n.gettext_in(language, message))

    @property
    def language(self) -> str:
        return self._languages[self._index]

    def show_next_language(self) -> None:
        self.show_language(self._index + 1)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        self.show_language(0)
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802
        self._timer.stop()
        self._hold.stop()
        super().hideEvent(event)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802
        position = event.position()
        if position.x() < ADMIN_CORNER_PX and position.y() < ADMIN_CORNER_PX:
            self._hold.start()  # a visit starts on release, unless the hold reaches admin
        else:
            self.started.emit()
        event.accept()

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802
        if self._hold.isActive():
            self._hold.stop()
            self.started.emit()
        event.accept()
