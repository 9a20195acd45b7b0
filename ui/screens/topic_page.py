"""A topic page: the pack's Markdown for one topic, with a note when it is not in the
visitor's language."""

from __future__ import annotations

from kiosk import i18n
from kiosk.content import TopicPage
from kiosk.i18n import _
from ui.qt import QtWidgets, Signal


class TopicPageScreen(QtWidgets.QWidget):
    """Shows one topic. Emits ``back`` for the topic list and ``done`` to end the visit."""

    back = Signal()
    done = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenLinks(False)
        # A finger drags the page as on a phone, instead of selecting text.
        QtWidgets.QScroller.grabGesture(
            self.browser.viewport(), QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.back_button = QtWidgets.QPushButton()
        self.back_button.clicked.connect(self.back)
        self.done_button = QtWidgets.QPushButton()
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.done)
        footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.done_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.note)
        layout.addWidget(self.browser, 1)
        layout.addLayout(footer)

    def show_page(self, page: TopicPage) -> None:
        self.browser.setMarkdown(page.markdown)
        self.browser.verticalScrollBar().setValue(0)
        if page.is_fallback:
            self.note.setText(
                _(
                    "This page is not available in your language yet. It is shown in {language}."
                ).format(language=i18n.native_name(page.language))
            )
            self.note.show()
        else:
            self.note.hide()
        self.back_button.setText(_("Back to topics"))
        self.done_button.setText(_("Done"))

    def clear(self) -> None:
        """Forget the last visitor's page."""
        self.browser.clear()
        self.note.clear()
        self.note.hide()
