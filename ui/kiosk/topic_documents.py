"""Topic pages' documents, built ahead of time so that opening a page only swaps one in.

Opening a page used to parse its Markdown into the browser and lay the text out, partly again
when the page was shown: with Arabic, Thai or Punjabi text, most of a page's opening time. Once
a visitor has chosen a language, its pages are built while the kiosk is idle, one page per turn
of the event loop so that no turn is long, with the font, text options and width they will be
shown with. Opening a page then swaps its document in; Qt still lays the lines out once on the
swap (QTextEdit.setDocument always does), but the fonts it needs are already loaded.

A prepared document is used only if it was built for exactly what will be shown: the same page
(topic, language, Markdown) and the same font and text options. Anything else (a text-size or
contrast change not yet caught up with, a page never prepared) is built on the spot, the same
way. The documents hold only the pack's content, nothing a visitor did; they are still dropped
when a visit ends, so that nothing tells which language the last visitor read.

A page in a right-to-left language gets its numbers and Latin words isolated (kiosk.bidi_text)
block by block once the Markdown is parsed, so that the markup itself (list numbers, links) is
never touched and "1-866-602-9448" reads as written inside Arabic text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from kiosk import bidi_text, i18n
from kiosk.packs.load import TopicPage
from ui.qt import QtCore, QtGui, QtWidgets, Slot

# What a document must have been built with to be shown as is (see PageDocuments.setting).
Setting = tuple[QtGui.QFont, QtCore.Qt.LayoutDirection, object, object, float]
PageKey = tuple[str, str, str]
SLICE_INTERVAL_MS = 1


def key_of(page: TopicPage) -> PageKey:
    return (page.topic, page.language, page.markdown)


def isolate_ltr_runs(document: QtGui.QTextDocument) -> None:
    """Isolate the numbers and Latin runs of every paragraph of a right-to-left document."""
    cursor = QtGui.QTextCursor(document)
    block = document.firstBlock()
    while block.isValid():
        for start, end in reversed(bidi_text.ltr_spans(block.text())):
            cursor.setPosition(block.position() + end)
            cursor.insertText(bidi_text.PDI)
            cursor.setPosition(block.position() + start)
            cursor.insertText(bidi_text.LRI)
        block = block.next()


class PageDocuments(QtCore.QObject):
    """The documents one browser shows: prepared in idle time, or built when asked for.

    It also swaps them into the browser (:meth:`show`, :meth:`clear`), so that no document is
    deleted while shown and none outlives its use."""

    def __init__(self, browser: QtWidgets.QTextBrowser, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._browser = browser
        self._blank = QtGui.QTextDocument(self)  # shown between visits
        self._documents: dict[PageKey, QtGui.QTextDocument] = {}
        self._retired: list[QtGui.QTextDocument] = []  # dropped while shown: deleted later
        self._setting: Setting | None = None  # what the documents in _documents were built for
        self._asked: list[TopicPage] = []  # the pages prepared, to prepare again on a change
        self._pending: Iterator[TopicPage] = iter(())
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        # One page per turn of the event loop. Not a 0 ms timer: Qt's GLib event loop runs those
        # from an idle source, and one turn of the loop right after a move between screens did
        # not run them at all; a 1 ms timer runs after the events already waiting.
        self._timer.setInterval(SLICE_INTERVAL_MS)
        self._timer.timeout.connect(self._prepare_next)
        browser.setDocument(self._blank)

    def setting(self) -> Setting:
        """The browser's font and text options now: a document built for others is not shown."""
        document = self._browser.document()
        option = document.defaultTextOption()
        return (
            QtGui.QFont(self._browser.font()),
            option.textDirection(),
            option.alignment(),
            option.wrapMode(),
            document.documentMargin(),
        )

    def prepare(self, pages: Iterable[TopicPage]) -> None:
        """Build ``pages``' documents in idle time, the iterable read one page per turn.

        Replaces what was being prepared; documents of other pages are dropped."""
        self._timer.stop()
        self._drop_all()
        self._asked = []
        self._pending = iter(pages)
        self._timer.start()

    def refresh(self) -> None:
        """The font or text options may have changed: if so, prepare the pages again."""
        self._follow_setting()

    def show(self, page: TopicPage) -> None:
        """Show ``page`` in the browser: its prepared document, or one built now."""
        self._follow_setting()
        document = self._documents.get(key_of(page))
        if document is None:
            document = self._build(page)
        self._browser.setDocument(document)
        self._delete_retired()

    def clear(self) -> None:
        """Stop preparing, show nothing and drop every document."""
        self._timer.stop()
        self._pending = iter(())
        self._asked = []
        self._browser.setDocument(self._blank)
        self._drop_all()
        self._delete_retired()
        self._setting = None

    @property
    def prepared(self) -> int:
        """How many documents are ready to show."""
        return len(self._documents)

    def is_prepared(self, page: TopicPage) -> bool:
        """Whether ``page`` would be shown at once, as built for the current font and options."""
        return key_of(page) in self._documents and self._setting == self.setting()

    @property
    def preparing(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _prepare_next(self) -> None:
        self._follow_setting()
        for page in self._pending:  # up to the first page not built yet (shown meanwhile)
            self._asked.append(page)
            if key_of(page) not in self._documents:
                self._build(page)
                self._timer.start()  # the next page on a later turn of the event loop
                return

    def _follow_setting(self) -> None:
        """Documents built for another font or text options are dropped and built again."""
        setting = self.setting()
        if self._setting == setting:
            return
        self._setting = setting
        if self._documents:
            self._drop_all()
            self._pending = chain(self._asked, self._pending)
            self._asked = []
            self._timer.start()

    def _build(self, page: TopicPage) -> QtGui.QTextDocument:
        font, direction, alignment, wrap, margin = self._setting or self.setting()
        document = QtGui.QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(font)
        option = QtGui.QTextOption(self._browser.document().defaultTextOption())
        option.setTextDirection(direction)
        option.setAlignment(alignment)  # type: ignore[arg-type]
        option.setWrapMode(wrap)  # type: ignore[arg-type]
        document.setDefaultTextOption(option)
        document.setDocumentMargin(margin)
        document.setMarkdown(page.markdown)
        if i18n.is_right_to_left(page.language):
            isolate_ltr_runs(document)
        document.setPageSize(QtCore.QSizeF(self._browser.viewport().width(), -1))
        document.documentLayout().documentSize()  # lays it all out, shaping the text
        self._documents[key_of(page)] = document
        return document

    def _drop_all(self) -> None:
        self._retired.extend(self._documents.values())
        self._documents.clear()
        self._delete_retired()

    def _delete_retired(self) -> None:
        shown = self._browser.document()
        for document in [document for document in self._retired if document is not shown]:
            self._retired.remove(document)
            document.deleteLater()
