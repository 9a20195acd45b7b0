"""The kiosk's main window: the screens of a visit and the moves between them.

One visit at a time, wiped completely when it ends ("Done", the idle countdown, or the discreet
"hide" button that is always in the top corner during a visit). In kiosk mode the window is
full screen and frameless and refuses to close; only the admin screen, behind the PIN, closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.admin_pin import PinGuard
from kiosk.i18n import _
from kiosk.packs.load import Pack
from kiosk.reach.visit import Visit
from ui.common.fonts import font_for
from ui.common.icons import icon
from ui.common.metrics import small_target_px
from ui.common.style import HIDE_ICON_COLOR, HIGH_CONTRAST_ICON_COLOR, HIGH_CONTRAST_SHEET
from ui.kiosk.attract import AttractScreen
from ui.kiosk.card import CardScreen
from ui.kiosk.idle import IdleWatcher
from ui.kiosk.languages import LanguagePicker, direction_of
from ui.kiosk.more_languages import MoreLanguagesScreen
from ui.kiosk.narration import Narration
from ui.kiosk.printing import CardPrinter
from ui.kiosk.still_there import StillThereScreen
from ui.kiosk.topic_page import TopicPageScreen
from ui.kiosk.topics import TopicList
from ui.qt import QtCore, QtGui, QtWidgets, Signal, Slot

if TYPE_CHECKING:  # staff screens are imported when first opened, not at start-up
    from ui.admin.pin import PinScreen
    from ui.admin.screen import AdminScreen, AdminSource


class Backdrop(QtWidgets.QWidget):
    """A container that paints no background of its own: the window behind it has the same
    colour in both sheets. The sheets' ``QWidget { background }`` makes Qt fill every plain
    QWidget, and these two cover the whole window: filling them again on every repaint cost
    about a tenth of it. (Qt styles the background only of plain QWidgets, not subclasses.)"""


class KioskWindow(QtWidgets.QMainWindow):
    """Holds one visit at a time and wipes it completely when it ends."""

    quit_requested = Signal()
    admin_built = Signal(object)  # the AdminScreen: other parts add their tabs to it
    visit_ended = Signal()  # the screens are wiped: a good moment to switch packs

    def __init__(
        self,
        pack: Pack,
        visit: Visit,
        idle_timeout_ms: int,
        default_language: str,
        parent: QtWidgets.QWidget | None = None,
        *,
        admin_source: AdminSource | None = None,
        pin_hash: str | None = None,
        require_pin: bool = True,
        printer: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Outreach Kiosk")
        self.pack = pack
        self.visit = visit
        self.default_language = default_language
        self.assisted_mode = False
        self._warm = False
        self._icons_contrast: bool | None = None
        self._font_language: str | None = None
        self.high_contrast = False
        self.locked = False
        self._closing = False
        self._resume: QtWidgets.QWidget | None = None
        self.pin_guard = PinGuard(pin_hash)
        self.require_pin = require_pin
        self.idle = IdleWatcher(idle_timeout_ms, self)
        self.idle.idle.connect(self.on_idle)
        self._watching_input = False  # see showEvent
        self.narration = Narration(self)
        self.narration.playing_changed.connect(self._narration_changed)

        self.attract = AttractScreen(pack.languages)
        self.languages = LanguagePicker(pack.languages)
        self._more_languages: MoreLanguagesScreen | None = None  # built on first use
        self.topics = TopicList(pack)
        self.topic_page = TopicPageScreen()
        self.card = CardScreen(CardPrinter(pack, printer, self))
        self.still_there = StillThereScreen()
        self._admin_source = admin_source
        self._pin: PinScreen | None = None  # staff screens are built when first opened
        self._admin: AdminScreen | None = None
        self.stack = QtWidgets.QStackedWidget()
        for screen in self.screens():
            self.stack.addWidget(screen)

        self.badge = QtWidgets.QLabel()
        self.badge.setObjectName("badge")
        self.hide_button = QtWidgets.QPushButton()
        self.hide_button.setObjectName("hide")
        self.hide_button.setIconSize(QtCore.QSize(40, 40))
        self.hide_button.clicked.connect(self.end_visit_hide)
        self.top_bar = Backdrop()
        bar = QtWidgets.QHBoxLayout(self.top_bar)
        bar.setContentsMargins(16, 8, 16, 0)
        bar.addWidget(self.badge)
        bar.addStretch(1)
        bar.addWidget(self.hide_button)
        # The bar keeps its height on every screen, even when empty: if it came and went, the
        # screens below would be resized, and laid out again, on every move.
        self.top_bar.setFixedHeight(small_target_px(self) + 12)
        for widget in (self.badge, self.hide_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.central = Backdrop()
        layout = QtWidgets.QVBoxLayout(self.central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(self.central)

        self.attract.started.connect(self.start_visit)
        self.attract.admin.connect(self.open_admin)
        self.languages.chosen.connect(self.choose_language)
        self.languages.more.connect(self.show_more_languages)
        self.topics.chosen.connect(self.choose_topic)
        self.topics.change_language.connect(self.show_languages)
        self.topics.done.connect(self.end_visit_done)
        self.topic_page.back.connect(self.show_topics)
        self.topic_page.done.connect(self.end_visit_done)
        self.topic_page.listen.connect(self.listen)
        self.topic_page.stop_listening.connect(self.narration.stop)
        self.topic_page.contrast_toggled.connect(self.set_high_contrast)
        self.topics.card.connect(self.show_card)
        self.card.back.connect(self.show_topics)
        self.card.done.connect(self.end_visit_done)
        self.card.printed.connect(self.visit.print_card)
        self.card.qr_shown.connect(self.visit.show_qr)
        self.still_there.stay.connect(self.stay)
        self.still_there.finish.connect(self.end_visit_done)
        self.still_there.expired.connect(self.end_visit_idle)
        shortcut = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+Alt+A"), self)
        shortcut.activated.connect(self.open_admin)
        self.reset_to_attract()

    @Slot()
    def warm_up(self) -> None:
        """Costly one-time set-up, done right after the first paint instead of before it:
        drawing the icons (Qt's painting types load on first use) and touch scrolling."""
        if not self._warm:
            self._warm = True
            self.set_high_contrast(self.high_contrast)
            self.topic_page.enable_swipe()
            self.more_languages.hide()  # built now, so the first visitor asking waits no more

    def screens(self) -> list[QtWidgets.QWidget]:
        screens: list[QtWidgets.QWidget] = [
            self.attract,
            self.languages,
            self.topics,
            self.topic_page,
            self.card,
            self.still_there,
        ]
        built = (self._more_languages, self._pin, self._admin)
        return [*screens, *(screen for screen in built if screen is not None)]

    @property
    def pin(self) -> PinScreen:
        if self._pin is None:
            from ui.admin.pin import PinScreen

            self._pin = PinScreen(self.pin_guard)
            self._pin.setFont(font_for(i18n.active_language()))
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
            self._admin.setFont(font_for(i18n.active_language()))
            self._admin.back.connect(self.reset_to_attract)
            self._admin.quit.connect(self.quit_kiosk)
            self._admin.assisted.connect(self.set_assisted_mode)
            self._admin.dialog_opened.connect(self._watch_dialog)
            self.stack.addWidget(self._admin)
            self.admin_built.emit(self._admin)
        return self._admin

    def visit_screens(self) -> tuple[QtWidgets.QWidget, ...]:
        """The screens a visitor sees during a visit: the hide button is on all of them."""
        screens = (
            self.languages,
            self._more_languages,
            self.topics,
            self.topic_page,
            self.card,
            self.still_there,
        )
        return tuple(screen for screen in screens if screen is not None)

    @property
    def more_languages(self) -> MoreLanguagesScreen:
        """ "My language is not here", built the first time a visitor asks: its two dozen
        names need fonts and language data that start-up should not wait for."""
        if self._more_languages is None:
            screen = MoreLanguagesScreen()
            screen.requested.connect(self.request_language)
            screen.back.connect(self.show_languages)
            font = font_for(i18n.active_language())
            for widget in screen.own_text():
                widget.setFont(font)
            self.stack.addWidget(screen)
            self._more_languages = screen
        return self._more_languages

    def show_screen(self, screen: QtWidgets.QWidget) -> None:
        in_visit = screen in self.visit_screens()
        self.hide_button.setVisible(in_visit)
        self.badge.setVisible(in_visit and self.assisted_mode)
        self.stack.setCurrentWidget(screen)

    # -- a visit -------------------------------------------------------------------------

    @Slot()
    def start_visit(self) -> None:
        if self.assisted_mode:
            self.visit.mark_assisted()
        else:
            self.visit.touch()
        self.idle.arm()
        self.show_languages()

    @Slot()
    def show_languages(self) -> None:
        self.show_screen(self.languages)

    @Slot()
    def show_more_languages(self) -> None:
        if self._more_languages is not None:
            self._more_languages.reset()
        self.show_screen(self.more_languages)

    @Slot(str)
    def request_language(self, language: str) -> None:
        self.visit.request_language(language)

    @Slot(str)
    def choose_language(self, language: str) -> None:
        self.visit.choose_language(language)
        self.apply_language(language)
        self.topics.show_for(language)
        self.topic_page.prepare_pages(self.pack.page(topic, language) for topic in self.pack.topics)
        self.show_topics()

    def apply_language(self, language: str) -> None:
        """Interface strings, font and reading direction of ``language``."""
        i18n.activate(language)
        self.setLayoutDirection(direction_of(language))
        if language != self._font_language:
            self._font_language = language
            font = font_for(language)
            for widget in self.language_surfaces():
                widget.setFont(font)
        self.retranslate()

    def language_surfaces(self) -> list[QtWidgets.QWidget]:
        """What shows text in the visitor's language. Only these get the language's font:
        a font change reaches every widget below, and the language names on the pickers
        keep their own fonts anyway."""
        surfaces = [
            self.top_bar,
            self.topics,
            self.topic_page,
            self.card,
            self.still_there,
            self.languages.more_button,
        ]
        if self._more_languages is not None:
            surfaces.extend(self._more_languages.own_text())
        return [*surfaces, *(s for s in (self._pin, self._admin) if s is not None)]

    def retranslate(self) -> None:
        self.hide_button.setAccessibleName(_("Hide this screen"))
        self.badge.setText(_("Assisted visit"))
        self.languages.retranslate()
        if self._more_languages is not None:
            self._more_languages.retranslate()
        self.topic_page.retranslate()

    @Slot()
    def show_topics(self) -> None:
        self.show_screen(self.topics)

    @Slot(str)
    def choose_topic(self, topic: str) -> None:
        language = self.visit.language or self.default_language
        self.topic_page.show_page(self.pack.page(topic, language))
        self.visit.view_topic(topic)
        self.show_screen(self.topic_page)

    @Slot()
    def show_card(self) -> None:
        self.card.show_for(self.visit.language or self.default_language)
        self.show_screen(self.card)

    @Slot(str)
    def listen(self, topic: str) -> None:
        page = self.topic_page.page
        if page is None or page.audio is None or page.topic != topic:
            return
        self.visit.play_audio(topic)
        self.narration.play(page.audio)

    @Slot(bool)
    def _narration_changed(self, playing: bool) -> None:
        self.topic_page.set_listening(playing)

    @Slot(bool)
    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        sheet = HIGH_CONTRAST_SHEET if on else ""
        if self.styleSheet() != sheet:  # setting a sheet restyles every widget: only on change
            self.setStyleSheet(sheet)
        if not self._warm or self._icons_contrast == on:
            return  # icons are drawn by warm_up(), and again only when the colours change
        self._icons_contrast = on
        self.topic_page.recolor(on)
        self.languages.recolor(on)
        self.hide_button.setIcon(icon("hide", HIGH_CONTRAST_ICON_COLOR if on else HIDE_ICON_COLOR))

    # -- the end of a visit --------------------------------------------------------------

    @Slot()
    def on_idle(self) -> None:
        """Quiet for too long: ask first during a visit; close staff screens at once."""
        current = self.stack.currentWidget()
        if current in self.visit_screens():
            self.narration.stop()
            self._resume = current
            self.still_there.start()
            self.show_screen(self.still_there)
        else:
            self.reset_to_attract()

    @Slot()
    def stay(self) -> None:
        self.still_there.stop()
        self.idle.arm()
        self.show_screen(self._resume or self.languages)

    @Slot()
    def end_visit_done(self) -> None:
        self.end_visit("done")

    @Slot()
    def end_visit_idle(self) -> None:
        self.end_visit("idle")

    @Slot()
    def end_visit_hide(self) -> None:
        self.end_visit("hide")

    def end_visit(self, reason: str) -> None:
        """End the visit and clear every trace of it from the screens."""
        self.visit.end(reason)
        self.reset_to_attract()
        self.visit_ended.emit()

    @Slot()
    def reset_to_attract(self) -> None:
        self.close_dialogs()
        self.idle.disarm()
        self.still_there.stop()
        self.narration.stop()
        self._resume = None
        self.topics.clear()
        self.topic_page.clear()
        self.topic_page.reset_tools()
        self.card.clear()
        if self._more_languages is not None:
            self._more_languages.reset()
        self.set_high_contrast(False)
        self.apply_language(self.default_language)
        self.show_screen(self.attract)

    def set_pack(self, pack: Pack) -> None:
        """Show another pack from the next visit on (call between visits). The admin screen,
        where a pack is installed by hand, stays open to show the result."""
        self.pack = pack
        self.attract.set_languages(pack.languages)
        self.languages.set_languages(pack.languages)
        self.topics.set_pack(pack)
        self.card.set_pack(pack)  # the cards carry the new pack's numbers
        if self._admin is None or self.stack.currentWidget() is not self._admin:
            self.reset_to_attract()

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

    # -- staff ---------------------------------------------------------------------------

    @Slot()
    def open_admin(self) -> None:
        """The admin screen, behind the PIN (without a PIN only outside kiosk mode)."""
        if self.stack.currentWidget() is not self.attract or self._admin_source is None:
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

    def enter_kiosk_mode(self) -> None:
        """Full screen, frameless, on top, and closed only from the admin screen."""
        self.locked = True
        self.setWindowFlags(
            self.windowFlags()
            | QtCore.Qt.WindowType.FramelessWindowHint
            | QtCore.Qt.WindowType.WindowStaysOnTopHint
        )
        self.showFullScreen()

    @Slot()
    def quit_kiosk(self) -> None:
        self.quit_requested.emit()
        self.shut_down()

    def shut_down(self) -> None:
        """Close even in kiosk mode (the application is ending)."""
        self._closing = True
        self.close()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        handle = self.windowHandle()
        if handle is not None and not self._watching_input:
            handle.installEventFilter(self.idle)  # every real input passes through the QWindow
            self._watching_input = True
        super().showEvent(event)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        if self.locked and not self._closing:
            event.ignore()  # Alt+F4 and the like: only the admin screen closes a kiosk
            return
        self.narration.stop()
        self.card.printer.shutdown()  # cancels a job being followed, waits for the thread
        super().closeEvent(event)


def _opened_from(widget: QtWidgets.QWidget, window: QtWidgets.QWidget) -> bool:
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
