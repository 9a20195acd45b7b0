"""The attract screen: a greeting that cycles through every language, waiting for a touch."""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import N_
from ui.qt import QtCore, QtGui, QtWidgets, Signal

GREETING = N_("Welcome")
PROMPT = N_("Touch the screen to start")
CYCLE_MS = 2500


class AttractScreen(QtWidgets.QWidget):
    """Shown between visits. Any touch or click emits ``started``."""

    started = Signal()

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
        self.show_language(0)

    def show_language(self, index: int) -> None:
        self._index = index % len(self._languages)
        language = self._languages[self._index]
        self.greeting.setText(i18n.gettext_in(language, GREETING))
        self.prompt.setText(i18n.gettext_in(language, PROMPT))
        direction = (
            QtCore.Qt.LayoutDirection.RightToLeft
            if i18n.is_right_to_left(language)
            else QtCore.Qt.LayoutDirection.LeftToRight
        )
        self.greeting.setLayoutDirection(direction)
        self.prompt.setLayoutDirection(direction)

    def show_next_language(self) -> None:
        self.show_language(self._index + 1)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        self.show_language(0)
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802
        self._timer.stop()
        super().hideEvent(event)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802
        self.started.emit()
        event.accept()
