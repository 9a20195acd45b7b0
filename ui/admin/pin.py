"""The admin PIN pad: large digit keys, the PIN shown as dots, a lockout after wrong tries."""

from __future__ import annotations

from kiosk.admin_pin import PinGuard
from kiosk.i18n import _, ngettext
from ui.qt import QtCore, QtGui, QtWidgets, Signal

MAX_DIGITS = 12
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok")


class PinScreen(QtWidgets.QWidget):
    """Emits ``unlocked`` for the right PIN and ``cancelled`` when staff go back."""

    unlocked = Signal()
    cancelled = Signal()

    def __init__(self, guard: PinGuard, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.guard = guard
        self.entered = ""
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.dots = QtWidgets.QLabel()
        self.dots.setObjectName("countdown")
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("warning")
        for label in (self.title, self.dots, self.message):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.dots.setMinimumHeight(64)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QtWidgets.QPushButton] = {}
        for index, key in enumerate(KEYS):
            button = QtWidgets.QPushButton(key if key.isdigit() else "")
            button.setObjectName("key")
            button.clicked.connect(lambda _=False, key=key: self.press(key))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        self.keys["ok"].setObjectName("keyok")
        self.cancel_button = QtWidgets.QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self._lock_timer = QtCore.QTimer(self, interval=1000)
        self._lock_timer.timeout.connect(self._show_lock)
        pad = QtWidgets.QWidget()
        pad.setLayout(grid)
        pad.setMaximumWidth(480)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.cancel_button)
        header.addWidget(self.title, 1)
        header.addSpacing(self.cancel_button.sizeHint().width())
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.addLayout(header)
        layout.addWidget(self.dots)
        layout.addWidget(self.message)
        layout.addWidget(pad, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        # Left to right whatever the language: a keypad is read as digits.
        pad.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)

    def reset(self) -> None:
        self.entered = ""
        self.title.setText(_("Enter the admin PIN"))
        self.keys["clear"].setText(_("Clear"))
        self.keys["ok"].setText(_("OK"))
        self.cancel_button.setText(_("Cancel"))
        self.message.setText(
            ""
            if self.guard.configured
            else _("No admin PIN is set: run `outreach-kiosk admin-pin`.")
        )
        self._show_dots()
        self._show_lock()

    def press(self, key: str) -> None:
        if key == "clear":
            self.entered = ""
        elif key == "ok":
            self.submit()
            return
        elif len(self.entered) < MAX_DIGITS:
            self.entered += key
        self._show_dots()

    def submit(self) -> None:
        pin, self.entered = self.entered, ""
        self._show_dots()
        if self.guard.attempt(pin):
            self.message.setText("")
            self.unlocked.emit()
            return
        if self.guard.configured:
            self.message.setText(_("Wrong PIN."))
        self._show_lock()

    def cancel(self) -> None:
        self.entered = ""
        self._lock_timer.stop()
        self.cancelled.emit()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text.isdigit():
            self.press(text)
        elif event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            self.submit()
        elif event.key() == QtCore.Qt.Key.Key_Backspace:
            self.entered = self.entered[:-1]
            self._show_dots()
        elif event.key() == QtCore.Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def _show_dots(self) -> None:
        self.dots.setText("\u2022 " * len(self.entered) or " ")

    def _show_lock(self) -> None:
        seconds = self.guard.seconds_locked()
        locked = seconds > 0
        for button in self.keys.values():
            button.setEnabled(not locked and self.guard.configured)
        if locked:
            self.message.setText(
                ngettext(
                    "Too many wrong PINs. Try again in {seconds} second.",
                    "Too many wrong PINs. Try again in {seconds} seconds.",
                    seconds,
                ).format(seconds=seconds)
            )
            self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
            self.message.setText("")
