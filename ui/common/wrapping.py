"""Buttons and labels whose text breaks into lines and that are always tall enough for them.

Why: QPushButton paints its text on one line and, given less room than that line needs, cuts it
at both ends ("pen Work Permit if You Are Abuse"). Topic titles and other long labels in some
languages do not fit half of a 1024-pixel screen. This button breaks its text where the script
allows (QTextLayout knows Thai, which has no spaces, and right-to-left text) and asks the layout
for the height those lines need, so the text is always shown whole.

A word-wrapped QLabel breaks its lines, but in a grid its row can still be given less height
than the lines need (the grid guesses the label's width from its size hint): the wallet card's
long contact names lost their last line at 1024x768. :class:`WrappingLabel` holds the height
its lines need at the width it was given, so the layout grows the row, or scrolls, instead.
"""

from __future__ import annotations

from ui.qt import QtCore, QtGui, QtWidgets


class WrappingButton(QtWidgets.QPushButton):
    """:meth:`text` is the whole text; what is painted is the same text broken into lines."""

    def __init__(self, text: str = "", parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._whole = ""
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QtWidgets.QSizePolicy.Policy.Preferred)
        policy.setVerticalPolicy(QtWidgets.QSizePolicy.Policy.Preferred)  # as tall as its row
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:  # noqa: N802
        self._whole = text
        self._show_lines(self.width())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._size_for(self._lines(width)).height()

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802
        """The lines as broken for the width the button has now: after a resize that breaks
        the text anew, the layout is asked again and gives the rows their height."""
        return self._size_for(super().text())

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802
        """As narrow as the longest word (a line cannot break inside it)."""
        longest = max(self._whole.split() or [""], key=self.fontMetrics().horizontalAdvance)
        return self._size_for(longest)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802
        self._show_lines(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._show_lines(self.width())
        super().changeEvent(event)

    def _show_lines(self, width: int) -> None:
        lines = self._lines(width)
        if super().text() != lines:
            super().setText(lines)
            self.updateGeometry()

    def _chrome(self) -> QtCore.QSize:
        """Border, padding and minimum height around the text, as the style sheet sets them."""
        option = QtWidgets.QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        return self.style().sizeFromContents(
            QtWidgets.QStyle.ContentsType.CT_PushButton, option, QtCore.QSize(0, 0), self
        )

    def _size_for(self, text: str) -> QtCore.QSize:
        option = QtWidgets.QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        contents = self.fontMetrics().size(QtCore.Qt.TextFlag.TextShowMnemonic, text)
        return self.style().sizeFromContents(
            QtWidgets.QStyle.ContentsType.CT_PushButton, option, contents, self
        )

    def _lines(self, width: int) -> str:
        """The text broken into lines no wider than a ``width``-pixel button's text area."""
        room = width - self._chrome().width()
        if room <= 0 or self.fontMetrics().horizontalAdvance(self._whole) <= room:
            return self._whole
        layout = QtGui.QTextLayout(self._whole, self.font())
        option = QtGui.QTextOption()
        option.setWrapMode(QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(self.layoutDirection())
        layout.setTextOption(option)
        lines = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(room)
            start = line.textStart()
            lines.append(self._whole[start : start + line.textLength()].strip())
        layout.endLayout()
        return "\n".join(lines)


class WrappingLabel(QtWidgets.QLabel):
    """A word-wrapped label that never gets less height than its lines need at its width."""

    def __init__(self, text: str = "", parent: QtWidgets.QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802
        self._hold_height(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._hold_height(self.width())
        super().changeEvent(event)

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self._hold_height(self.width())

    def _hold_height(self, width: int) -> None:
        needed = self.heightForWidth(width) if width > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
