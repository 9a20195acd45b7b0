"""A topic page: the pack's Markdown for one topic in large text, with the visitor's tools.

A finger drags the text as on a phone, and large up/down buttons page through it for those who
do not swipe. "Listen" appears only when the pack has a narration for the page, and says so
when the voice is a computer's (a machine voice can get names and numbers wrong, and a visitor
should know it is not a person). A page with no narration at all says that no spoken version
exists yet, so a visitor who cannot read well is not left looking for one. Bigger text and high
contrast are in the window's top bar (ui.kiosk.view_options). A note says when the page is
shown in another language than the visitor's, and when its translation is still a draft.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk import i18n
from kiosk.bidi_text import isolated
from kiosk.i18n import _
from kiosk.packs.load import TopicPage
from ui.common.icons import icon
from ui.common.metrics import touch_target_px
from ui.common.style import (
    CHECKED_ICON_COLOR,
    HIGH_CONTRAST_CHECKED_ICON_COLOR,
    HIGH_CONTRAST_ICON_COLOR,
    ICON_COLOR,
    scaled_text_sizes,
)
from ui.common.wrapping import WrappingButton
from ui.kiosk.topic_documents import PageDocuments
from ui.qt import QtCore, QtWidgets, Signal

SCROLL_STEP = 0.8  # of the visible height, so a line of context stays in view


class TopicPageScreen(QtWidgets.QWidget):
    """Shows one topic. Emits ``back``, ``done``, ``listen`` (topic id) and ``stop_listening``."""

    back = Signal()
    done = Signal()
    listen = Signal(str)
    stop_listening = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.page: TopicPage | None = None
        self._colors = (ICON_COLOR, CHECKED_ICON_COLOR)
        self._icons_drawn = False
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.draft_note = QtWidgets.QLabel()
        self.draft_note.setObjectName("draft")
        self.draft_note.setWordWrap(True)
        self.draft_note.hide()

        self.listen_button = self._tool("speaker", checkable=False)
        self.listen_button.clicked.connect(self._listen_clicked)
        self.listen_button.hide()
        self._listening = False
        self.no_narration = QtWidgets.QLabel()
        self.no_narration.setObjectName("spoken")
        self.no_narration.setWordWrap(True)
        self.no_narration.hide()
        tools = QtWidgets.QHBoxLayout()
        tools.setSpacing(12)
        tools.addWidget(self.listen_button)
        tools.addWidget(self.no_narration, 1)
        tools.addStretch(1)

        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setObjectName("page")
        # A page is read, not edited: no selection to drag, no "Copy" menu in English on a long
        # press or right click (a finger drags the page instead, see enable_swipe).
        self.browser.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.NoTextInteraction)
        for widget in (self.browser, self.browser.viewport()):
            widget.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.NoContextMenu)
        self.documents = PageDocuments(self.browser, self)
        self._swipe_ready = False
        self.up_button = self._tool("up", checkable=False)
        self.up_button.clicked.connect(lambda: self.scroll_pages(-1))
        self.down_button = self._tool("down", checkable=False)
        self.down_button.clicked.connect(lambda: self.scroll_pages(1))
        scroll = QtWidgets.QVBoxLayout()
        scroll.addWidget(self.up_button)
        scroll.addStretch(1)
        scroll.addWidget(self.down_button)
        body = QtWidgets.QHBoxLayout()
        body.addWidget(self.browser, 1)
        body.addLayout(scroll)

        self.back_button = WrappingButton()
        self.back_button.clicked.connect(self.back)
        self.done_button = WrappingButton()
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.done)
        self.footer = QtWidgets.QHBoxLayout()
        self.footer.addWidget(self.back_button)
        self.footer.addStretch(1)
        self.footer.addWidget(self.done_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 8, 48, 24)
        layout.setSpacing(12)
        layout.addLayout(tools)
        layout.addWidget(self.note)
        layout.addLayout(body, 1)
        layout.addWidget(self.draft_note)
        layout.addLayout(self.footer)
        self._scale = 1.0
        self._large = False
        self._set_large_text(False)

    def set_scale(self, factor: float) -> None:
        """Draw the page's text ``factor`` larger (a larger screen; ui.common.style)."""
        if factor != self._scale:
            self._scale = factor
            self._set_large_text(self._large)

    def _tool(self, name: str, *, checkable: bool) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton()
        button.setObjectName("tool")
        button.setProperty("icon_name", name)  # drawn by recolor(), after the first paint
        button.setIconSize(QtCore.QSize(40, 40))
        button.setCheckable(checkable)
        button.setMinimumHeight(touch_target_px(button))
        button.setMinimumWidth(touch_target_px(button))
        return button

    def enable_swipe(self) -> None:
        """A finger drags the page as on a phone, instead of selecting text.

        Done once, after the first paint (setting up QScroller costs a few tens of ms)."""
        if not self._swipe_ready:
            QtWidgets.QScroller.grabGesture(
                self.browser.viewport(),
                QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture,
            )
            self._swipe_ready = True

    def prepare_pages(self, pages: Iterable[TopicPage]) -> None:
        """Build these pages' documents while the kiosk is idle, so they open at once."""
        self.documents.prepare(pages)

    def show_page(self, page: TopicPage) -> None:
        self.enable_swipe()
        self.page = page
        self.set_listening(False)
        self.documents.show(page)
        self.browser.verticalScrollBar().setValue(0)
        if page.is_fallback:
            self.note.setText(
                _(
                    "This page is not available in your language yet. It is shown in {language}."
                ).format(language=isolated(i18n.native_name(page.language)))
            )
            self.note.show()
        else:
            self.note.hide()
        self.draft_note.setVisible(page.draft)
        self.listen_button.setVisible(page.audio is not None)
        self.no_narration.setVisible(page.audio is None and not page.narration_hidden)
        self.retranslate()

    def retranslate(self) -> None:
        self.back_button.setText(_("Back to topics"))
        self.done_button.setText(_("Done"))
        self.draft_note.setText(
            _("This translation has not yet been checked by a qualified translator.")
        )
        self.listen_button.setText(self._listen_text())
        self.no_narration.setText(_("No spoken version of this page yet"))
        self.up_button.setAccessibleName(_("Scroll up"))
        self.down_button.setAccessibleName(_("Scroll down"))

    def scroll_pages(self, direction: int) -> None:
        bar = self.browser.verticalScrollBar()
        step = int(self.browser.viewport().height() * SCROLL_STEP)
        bar.setValue(bar.value() + direction * step)

    def recolor(self, high_contrast: bool) -> None:
        """Draw the tool icons for normal colours or high contrast."""
        if high_contrast:
            self._colors = (HIGH_CONTRAST_ICON_COLOR, HIGH_CONTRAST_CHECKED_ICON_COLOR)
        else:
            self._colors = (ICON_COLOR, CHECKED_ICON_COLOR)
        for button in (self.up_button, self.down_button):
            button.setIcon(icon(str(button.property("icon_name")), *self._colors))
        self._icons_drawn = True
        self.set_listening(self._listening)  # the speaker (or stop) icon, in these colours

    def set_listening(self, listening: bool) -> None:
        """Reflect whether the narration is playing (the window owns the player)."""
        self._listening = listening
        if self._icons_drawn:
            self.listen_button.setIcon(icon("stop" if listening else "speaker", *self._colors))
        self.listen_button.setText(self._listen_text())

    def _listen_text(self) -> str:
        if self._listening:
            return _("Stop")
        if self.page is not None and self.page.machine_voice:
            return _("Listen (computer voice)")
        return _("Listen")

    def _listen_clicked(self) -> None:
        if self._listening:
            self.stop_listening.emit()
        elif self.page is not None:
            self.listen.emit(self.page.topic)

    def set_large_text(self, large: bool) -> None:
        """Show the page's text large (the window enlarges everything else)."""
        self._set_large_text(large)

    def colors_changed(self) -> None:
        """The window switched colours: pages prepared in the old ones are built again."""
        self.documents.refresh()

    def _set_large_text(self, large: bool) -> None:
        normal, larger = scaled_text_sizes(self._scale)
        size = larger if large else normal
        self._large = large
        sheet = f"QTextBrowser#page {{ font-size: {size}px; }}"
        if self.browser.styleSheet() != sheet:  # restyling lays the page out again
            self.browser.setStyleSheet(sheet)
            self.documents.refresh()  # the prepared pages were built for the other size
        self.retranslate()

    def reset_tools(self) -> None:
        """Back to normal text and no narration for the next visitor."""
        self._set_large_text(False)
        self.set_listening(False)

    def clear(self) -> None:
        """Forget the last visitor's page."""
        self.page = None
        self.documents.clear()
        self.note.clear()
        self.note.hide()
        self.draft_note.hide()
        self.listen_button.hide()
        self.no_narration.hide()
