"""Bigger text and high contrast: two toggles in the bar above every screen of a visit.

They sit in the window's top bar rather than on one screen, so a visitor who cannot read the
language picker's small print or the topic list finds them before needing them. What they
change is the window's (its style sheets reach every button, notice and page); this widget
only shows and reports the choice, and is reset with everything else when the visit ends.
"""

from __future__ import annotations

from kiosk.i18n import _
from ui.common.icons import icon
from ui.common.metrics import touch_target_px
from ui.common.style import (
    CHECKED_ICON_COLOR,
    HIGH_CONTRAST_CHECKED_ICON_COLOR,
    HIGH_CONTRAST_ICON_COLOR,
    ICON_COLOR,
)
from ui.qt import QtCore, QtWidgets, Signal


class ViewOptions(QtWidgets.QWidget):
    """Emits ``text_size_toggled`` and ``contrast_toggled`` when the visitor taps a toggle."""

    text_size_toggled = Signal(bool)
    contrast_toggled = Signal(bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.text_size_button = self._toggle("text-size")
        self.contrast_button = self._toggle("contrast")
        self.text_size_button.toggled.connect(self._text_size_clicked)
        self.contrast_button.toggled.connect(self._contrast_clicked)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.text_size_button)
        layout.addWidget(self.contrast_button)
        self.retranslate()

    def _toggle(self, name: str) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton()
        button.setObjectName("tool")
        button.setProperty("icon_name", name)  # drawn by recolor(), after the first paint
        button.setIconSize(QtCore.QSize(40, 40))
        button.setCheckable(True)
        button.setMinimumSize(touch_target_px(button), touch_target_px(button))
        return button

    def _text_size_clicked(self, on: bool) -> None:
        self.retranslate()
        self.text_size_toggled.emit(on)

    def _contrast_clicked(self, on: bool) -> None:
        self.retranslate()
        self.contrast_toggled.emit(on)

    def show_state(self, large_text: bool, high_contrast: bool) -> None:
        """Show the window's state without reporting it back (a reset, not a tap)."""
        states = ((self.text_size_button, large_text), (self.contrast_button, high_contrast))
        for button, on in states:
            if button.isChecked() != on:
                button.blockSignals(True)
                button.setChecked(on)
                button.blockSignals(False)
        self.retranslate()

    def retranslate(self) -> None:
        """Each toggle says what a tap will do."""
        large = self.text_size_button.isChecked()
        self.text_size_button.setText(_("Normal text") if large else _("Bigger text"))
        contrast = self.contrast_button.isChecked()
        self.contrast_button.setText(_("Normal colours") if contrast else _("High contrast"))

    def recolor(self, high_contrast: bool) -> None:
        """Draw the icons for normal colours or high contrast."""
        colors = (
            (HIGH_CONTRAST_ICON_COLOR, HIGH_CONTRAST_CHECKED_ICON_COLOR)
            if high_contrast
            else (ICON_COLOR, CHECKED_ICON_COLOR)
        )
        for button in (self.text_size_button, self.contrast_button):
            button.setIcon(icon(str(button.property("icon_name")), *colors))
