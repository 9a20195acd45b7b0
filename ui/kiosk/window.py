"""The kiosk's main window: the screens of a visit and the moves between them.

One visit at a time, wiped completely when it ends ("Done", the idle countdown, or the discreet
"hide" button that is always in the top corner during a visit). In kiosk mode the window is
full screen and frameless and refuses to close; only the admin screen, behind the PIN, closes it
(the staff's side is :mod:`ui.kiosk.staff`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.i18n import _
from kiosk.packs.load import Pack
from kiosk.reach.visit import Visit
from ui.common.fonts import show_in_language
from ui.common.icons import icon
from ui.common.metrics import touch_target_px
from ui.common.style import (
    HIDE_ICON_COLOR,
    HIGH_CONTRAST_ICON_COLOR,
    HIGH_CONTRAST_SHEET,
    LARGE_TEXT_SHEET,
    scaled,
    screen_scale,
)
from ui.kiosk.attract import AttractScreen
from ui.kiosk.card import CardScreen
from ui.kiosk.idle import IdleWatcher
from ui.kiosk.languages import LanguagePicker, direction_of
from ui.kiosk.more_languages import MoreLanguagesScreen
from ui.kiosk.narration import Narration
from ui.kiosk.printing import CardPrinter
from ui.kiosk.staff import StaffAccess
from ui.kiosk.still_there import StillThereScreen
from ui.kiosk.topic_page import TopicPageScreen
from ui.kiosk.topics import TopicList
from ui.kiosk.view_options import ViewOptions
from ui.qt import QtCore, QtGui, QtWidgets, Signal, Slot

if TYPE_CHECKING:  # staff screens are imported when first opened, not at start-up
    from ui.admin.screen import AdminSource


class Backdrop(QtWidgets.QWidget):
    """A container that paints no background of its own: the window behind it has the same
    colour in both sheets. The sheets' ``QWidget { background }`` makes Qt fill every plain
    QWidget, and these two cover the whole window: filling them again on every repaint cost
    about a tenth of it. (Qt styles the background only of plain QWidgets, not subclasses.)"""


class KioskWindow(StaffAccess, QtWidgets.QMainWindow):
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
        self.init_staff(admin_source, pin_hash, require_pin)
        self._warm = False
        self._icons_contrast: bool | None = None
        self._font_language: str | None = None
        self.high_contrast = False
        self.large_text = False
        self.scale = 1.0  # see resizeEvent
        self._resume: QtWidgets.QWidget | None = None
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
        self.stack = QtWidgets.QStackedWidget()
        for screen in self.screens():
            if screen is not self.attract:
                self.stack.addWidget(screen)

        self.badge = QtWidgets.QLabel()
        self.badge.setObjectName("badge")
        self.hide_button = QtWidgets.QPushButton()
        self.hide_button.setObjectName("hide")
        self.hide_button.setIconSize(QtCore.QSize(40, 40))
        self.hide_button.clicked.connect(self.end_visit_hide)
        self.view_options = ViewOptions()
        self.view_options.text_size_toggled.connect(self.set_large_text)
        self.view_options.contrast_toggled.connect(self.set_high_contrast)
        self.top_bar = Backdrop()
        bar = QtWidgets.QHBoxLayout(self.top_bar)
        bar.setContentsMargins(16, 8, 16, 0)
        bar.setSpacing(16)
        bar.addWidget(self.view_options)
        bar.addWidget(self.badge)
        bar.addStretch(1)
        bar.addWidget(self.hide_button)
        # The bar keeps its height on every screen, even when empty: if it came and went, the
        # screens below would be resized, and laid out again, on every move. It grows only
        # with bigger text (see _fit_top_bar).
        self._fit_top_bar()
        for widget in (self.view_options, self.badge, self.hide_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        # The attract screen takes the whole window, corners included (the staff's corner hold
        # and a visitor's tap anywhere); a visit's screens sit under the bar with the hide
        # button. Two pages, so that neither is resized when the other is shown.
        self.visit_frame = Backdrop()
        layout = QtWidgets.QVBoxLayout(self.visit_frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.attract)
        self.pages.addWidget(self.visit_frame)
        self.setCentralWidget(self.pages)

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

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Text and touch targets grow with the screen (ui.common.style.screen_scale)."""
        factor = screen_scale(event.size().width(), event.size().height())
        if factor != self.scale:
            self.scale = factor
            self.topic_page.set_scale(factor)
            self._apply_sheets()
            self._fit_top_bar()
        super().resizeEvent(event)

    @Slot()
    def warm_up(self) -> None:
        """Costly one-time set-up, done right after the first paint instead of before it:
        drawing the icons (Qt's painting types load on first use) and touch scrolling."""
        if not self._warm:
            self._warm = True
            self.attract.show_names()
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
            screen = MoreLanguagesScreen(self.pack)
            screen.requested.connect(self.request_language)
            screen.back.connect(self.show_languages)
            for widget in screen.own_text():
                show_in_language(widget, i18n.active_language())
            self.stack.addWidget(screen)
            self._more_languages = screen
        return self._more_languages

    def show_screen(self, screen: QtWidgets.QWidget) -> None:
        if screen is self.attract:
            self.pages.setCurrentWidget(self.attract)
            return
        in_visit = screen in self.visit_screens()
        self.hide_button.setVisible(in_visit)
        self.view_options.setVisible(in_visit)
        self.badge.setVisible(in_visit and self.assisted_mode)
        self.stack.setCurrentWidget(screen)
        self.pages.setCurrentWidget(self.visit_frame)

    def current_screen(self) -> QtWidgets.QWidget:
        """The screen in front of the visitor (or the staff)."""
        current = self.stack.currentWidget()
        if self.pages.currentWidget() is self.attract or current is None:
            return self.attract
        return current

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
            for widget in self.language_surfaces():
                show_in_language(widget, language)
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
        self.view_options.retranslate()
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
    def set_large_text(self, on: bool) -> None:
        """Bigger text on every visitor screen, buttons and notices included, until the visit
        ends."""
        self.large_text = on
        self.view_options.show_state(self.large_text, self.high_contrast)
        self.topic_page.set_large_text(on)
        self._apply_sheets()
        self._fit_top_bar()

    def _fit_top_bar(self) -> None:
        """As tall as a touch target, or as the toggles with bigger text, whichever is more."""
        self.view_options.ensurePolished()
        for button in (self.view_options.text_size_button, self.view_options.contrast_button):
            button.ensurePolished()
        wanted = max(touch_target_px(self), self.view_options.sizeHint().height()) + 8
        if self.top_bar.height() != wanted or self.top_bar.minimumHeight() != wanted:
            self.top_bar.setFixedHeight(wanted)

    def _apply_sheets(self) -> None:
        # On a screen larger than the smallest, the whole sheet again with its sizes scaled
        # (the application's own sheet is drawn for 1024x768).
        application = QtWidgets.QApplication.instance()
        base = application.styleSheet() if isinstance(application, QtWidgets.QApplication) else ""
        sheet = scaled(base, self.scale) if self.scale != 1.0 else ""
        sheet += HIGH_CONTRAST_SHEET if self.high_contrast else ""
        sheet += scaled(LARGE_TEXT_SHEET, self.scale) if self.large_text else ""
        if self.styleSheet() != sheet:  # setting a sheet restyles every widget: only on change
            self.setStyleSheet(sheet)

    @Slot(bool)
    def set_high_contrast(self, on: bool) -> None:
        changed = on != self.high_contrast
        self.high_contrast = on
        self.view_options.show_state(self.large_text, self.high_contrast)
        self._apply_sheets()
        if changed:
            self.topic_page.colors_changed()
        if not self._warm or self._icons_contrast == on:
            return  # icons are drawn by warm_up(), and again only when the colours change
        self._icons_contrast = on
        self.topic_page.recolor(on)
        self.view_options.recolor(on)
        self.languages.recolor(on)
        if self._more_languages is not None:
            self._more_languages.recolor(on)
        self.hide_button.setIcon(icon("hide", HIGH_CONTRAST_ICON_COLOR if on else HIDE_ICON_COLOR))

    # -- the end of a visit --------------------------------------------------------------

    @Slot()
    def on_idle(self) -> None:
        """Quiet for too long: ask first during a visit; close staff screens at once."""
        current = self.current_screen()
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
        self.set_large_text(False)
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
        if self._more_languages is not None:
            self._more_languages.set_pack(pack)  # its help shows the pack's numbers
        if self._admin is None or self.current_screen() is not self._admin:
            self.reset_to_attract()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        handle = self.windowHandle()
        if handle is not None and not self._watching_input:
            handle.installEventFilter(self.idle)  # every real input passes through the QWindow
            self._watching_input = True
        super().showEvent(event)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        if self.refuses_to_close():
            event.ignore()
            return
        self.narration.stop()
        self.card.printer.shutdown()  # cancels a job being followed, waits for the thread
        super().closeEvent(event)
