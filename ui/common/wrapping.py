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
        # Layouts ask for heights again and again; the answers hold until the text, the font
        # or the style changes (sizes also depend on the icon, which is part of their key).
        self._lines_at: dict[tuple[int, int], str] = {}
        self._sizes: dict[tuple[str, int, int], QtCore.QSize] = {}
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
        self._lines_at.clear()
        self._show_lines(self.width())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._size_for(self._lines(width)).height()

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802
        """As wide as the text on one line would like; as tall as the lines it is broken into
        at the width it has now (after a resize breaks it anew, the layout is asked again and
        gives the row its height)."""
        return QtCore.QSize(
            self._size_for(self._whole).width(), self._size_for(super().text()).height()
        )

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802
        """As narrow as the widest piece a line cannot break inside (a word; in Thai, which
        has no spaces, a word as the script's line breaking finds it)."""
        widest = max(self._word_widths(), default=0)
        return QtCore.QSize(self._chrome().width() + widest, self._size_for("x").height())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802
        self._show_lines(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._lines_at.clear()
            self._sizes.clear()
            self._show_lines(self.width())
        super().changeEvent(event)

    def _show_lines(self, width: int) -> None:
        lines = self._lines(width)
        if super().text() != lines:
            super().setText(lines)
            self.updateGeometry()

    def _chrome(self) -> QtCore.QSize:
        """Border, padding, icon and minimum height around the text, as the style sheet and
        the icon make them."""
        return self._size_for("")

    def _size_for(self, text: str) -> QtCore.QSize:
        """The button's size for ``text`` (as QPushButton.sizeHint adds it up: the icon and a
        4-pixel gap beside the text, then the style's border and padding)."""
        key = (text, self.icon().cacheKey(), self.iconSize().width())
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = self._measure(text)
        return QtCore.QSize(size)

    def _measure(self, text: str) -> QtCore.QSize:
        option = QtWidgets.QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        contents = (
            self.fontMetrics().size(QtCore.Qt.TextFlag.TextShowMnemonic, text)
            if text
            else QtCore.QSize(0, 0)
        )
        if not self.icon().isNull():
            icon = self.iconSize()
            contents = QtCore.QSize(
                contents.width() + icon.width() + 4, max(contents.height(), icon.height())
            )
        return self.style().sizeFromContents(
            QtWidgets.QStyle.ContentsType.CT_PushButton, option, contents, self
        )

    def _layout(self, room: float, mode: QtGui.QTextOption.WrapMode) -> QtGui.QTextLayout:
        layout = QtGui.QTextLayout(self._whole, self.font())
        option = QtGui.QTextOption()
        option.setWrapMode(mode)
        option.setTextDirection(self.layoutDirection())
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(room)
        layout.endLayout()
        return layout

    def _word_widths(self) -> list[int]:
        """The widths of the pieces the text breaks into at every place it may break."""
        layout = self._layout(1.0, QtGui.QTextOption.WrapMode.WordWrap)
        return [
            round(layout.lineAt(index).naturalTextWidth()) + 1
            for index in range(layout.lineCount())
        ]

    def _lines(self, width: int) -> str:
        """The text broken into lines no wider than a ``width``-pixel button's text area."""
        key = (width, self.icon().cacheKey())  # an icon set later leaves less room
        lines = self._lines_at.get(key)
        if lines is None:
            lines = self._lines_at[key] = self._break(width)
        return lines

    def _break(self, width: int) -> str:
        room = width - self._chrome().width()
        if room <= 0 or self.fontMetrics().horizontalAdvance(self._whole) <= room:
            return self._whole
        layout = self._layout(room, QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lines = []
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            start = line.textStart()
            lines.append(self._whole[start : start + line.textLength()].strip())
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
