"""A short, calm message over the bottom of a window that goes away on its own.

Why not a dialog: after an unexpected error the kiosk has already gone back to its attract
screen; a dialog would wait there for someone to close it, in front of the next visitor. The
notice blocks nothing, needs no button and is gone after a few seconds.
"""

from __future__ import annotations

from ui.qt import QtCore, QtWidgets

NOTICE_MS = 8_000
NOTICE_STYLE = (
    "QLabel { background: #fff8e1; color: #3e2f00; border: 2px solid #c9a227;"
    " border-radius: 12px; padding: 16px 24px; font-size: 22px; }"
)


class Notice(QtWidgets.QLabel):
    """Shown with :meth:`say` over the bottom centre of its parent window."""

    def __init__(self, parent: QtWidgets.QWidget):
        super().__init__(parent)
        self.setObjectName("notice")
        self.setStyleSheet(NOTICE_STYLE)
        self.setWordWrap(True)
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)

    def say(self, text: str) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.setText(text)
        width = min(720, max(parent.width() - 48, 200))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 32)
        self.raise_()
        self.show()
        self._timer.start()
