"""The staff's side of the kiosk window: the PIN, the admin screen, assisted visits, the
kiosk-mode lock, and closing whatever a staff session opened.

Why apart from the visit: a visitor never reaches any of this, and it is what keeps the screen
locked down between staff sessions. :class:`StaffAccess` is mixed into
:class:`ui.kiosk.window.KioskWindow`, which calls :meth:`StaffAccess.init_staff` while it is
built; the PIN and admin screens themselves are built the first time they are opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.admin_pin import PinGuard
from ui.common.fonts import show_in_language
from ui.qt import QtCore, QtWidgets, Slot

if TYPE_CHECKING:
    from ui.admin.pin import PinScreen
    from ui.admin.screen import AdminScreen, AdminSource
    from ui.kiosk.attract import AttractScreen
    from ui.kiosk.idle import IdleWatcher
    from ui.qt import SignalInstance


class StaffAccess:
    """PIN, admin screen and kiosk-mode lock, for a window with a screen stack and an idle
    watcher (the names below)."""

    if TYPE_CHECKING:  # what the window provides
        stack: QtWidgets.QStackedWidget
        idle: IdleWatcher
        attract: AttractScreen
        default_language: str
        quit_requested: SignalInstance
        admin_built: SignalInstance

        def show_screen(self, screen: QtWidgets.QWidget) -> None: ...
        def current_screen(self) -> QtWidgets.QWidget: ...
        def reset_to_attract(self) -> None: ...
        def windowFlags(self) -> QtCore.Qt.WindowType: ...  # noqa: N802
        def setWindowFlags(self, flags: QtCore.Qt.WindowType) -> None: ...  # noqa: N802
        def close(self) -> bool: ...

    def init_staff(
        self, admin_source: AdminSource | None, pin_hash: str | None, require_pin: bool
    ) -> None:
        self.pin_guard = PinGuard(pin_hash)
        self.require_pin = require_pin
        self.assisted_mode = False
        self.locked = False
        self._closing = False
        self._admin_source = admin_source
        self._pin: PinScreen | None = None  # staff screens are built when first opened
        self._admin: AdminScreen | None = None

    @property
    def pin(self) -> PinScreen:
        if self._pin is None:
            from ui.admin.pin import PinScreen

            self._pin = PinScreen(self.pin_guard)
            show_in_language(self._pin, i18n.active_language())
            self._pin.unlocked.connect(self.show_admin)
            self._pin.cancelled.connect(self.reset_to_attract)
            self.stack.addWidget(self._pin)
        return self._pin

    @property
    def admin(self) -> AdminScreen | None:
        """The admin screen (None for a window without an admin source, as in some tests).

        Other parts of the kiosk add their tabs with ``window.admin.add_panel(...)``."""
        if self._admin is None and self._admin_source is not None:
            from ui.admin.screen import AdminScreen

            self._admin = AdminScreen(self._admin_source)
            show_in_language(self._admin, i18n.active_language())
            self._admin.back.connect(self.reset_to_attract)
            self._admin.quit.connect(self.quit_kiosk)
            self._admin.assisted.connect(self.set_assisted_mode)
            self._admin.dialog_opened.connect(self._watch_dialog)
            self.stack.addWidget(self._admin)
            self.admin_built.emit(self._admin)
        return self._admin

    @Slot()
    def open_admin(self) -> None:
        """The admin screen, behind the PIN (without a PIN only outside kiosk mode)."""
        if self.current_screen() is not self.attract or self._admin_source is None:
            return
        self.idle.arm()
        if not self.pin_guard.configured and not self.require_pin:
            self.show_admin()
            return
        self.pin.reset()
        self.show_screen(self.pin)
        self.pin.setFocus()

    @Slot()
    def show_admin(self) -> None:
        from ui.common.qt_translations import install_qt_translations

        install_qt_translations(self.default_language)  # for the dialogs' own buttons
        admin = self.admin
        if admin is not None:
            self.idle.arm()
            admin.set_assisted(self.assisted_mode)
            self.show_screen(admin)

    @Slot(bool)
    def set_assisted_mode(self, on: bool) -> None:
        """Desk staff are helping visitors: every visit from now on is counted as assisted."""
        self.assisted_mode = on

    def close_dialogs(self) -> None:
        """Close every window opened from this one, and any modal dialog: when a staff session
        ends (timeout, "Back to the kiosk", a visit's end) nothing it opened may stay on top
        for the next person at the screen."""
        for widget in QtWidgets.QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and _opened_from(widget, self):
                _close(widget)
        for _attempt in range(10):  # modal dialogs opened without a parent, one on another
            modal = QtWidgets.QApplication.activeModalWidget()
            if modal is None or modal is self:
                break
            _close(modal)

    @Slot(object)
    def _watch_dialog(self, dialog: QtWidgets.QWidget) -> None:
        """Input in a staff dialog counts as activity too (the idle watcher sees one window)."""
        handle = dialog.windowHandle()
        if handle is not None:
            handle.installEventFilter(self.idle)

    def enter_kiosk_mode(self) -> None:
        """Full screen (also without a window manager, and back if anything minimizes it),
        frameless, on top, and closed only from the admin screen."""
        from ui.common.full_screen import FullScreenKeeper

        self.locked = True
        self.setWindowFlags(
            self.windowFlags()
            | QtCore.Qt.WindowType.FramelessWindowHint
            | QtCore.Qt.WindowType.WindowStaysOnTopHint
        )
        assert isinstance(self, QtWidgets.QWidget)  # the window this is mixed into
        self.full_screen = FullScreenKeeper(self)
        self.full_screen.show()

    @Slot()
    def quit_kiosk(self) -> None:
        self.quit_requested.emit()
        self.shut_down()

    def shut_down(self) -> None:
        """Close even in kiosk mode (the application is ending)."""
        self._closing = True
        self.close()

    def refuses_to_close(self) -> bool:
        """Alt+F4 and the like: only the admin screen closes a locked kiosk."""
        return self.locked and not self._closing


def _opened_from(widget: QtWidgets.QWidget, window: object) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


def _close(widget: QtWidgets.QWidget) -> None:
    if isinstance(widget, QtWidgets.QDialog):
        widget.reject()
    widget.close()
