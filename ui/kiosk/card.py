"""The wallet card screen: print a card, or scan its QR codes from the screen.

The visitor sees what the card holds (the numbers, named in their language) and two choices:
print it, or show the codes. If printing fails for any reason the screen says so in plain words
and shows the codes full screen at once, so nobody leaves with nothing. Making and printing the
card happen on ui.kiosk.printing's worker thread; this screen only asks and shows the answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.bidi_text import for_language, phone_for_display
from kiosk.cards import print_problems as card_print
from kiosk.i18n import N_, _
from kiosk.packs.load import Pack
from ui.common.scrolling import enable_drag, scroll_area
from ui.common.wrapping import WrappingButton, WrappingLabel
from ui.kiosk.printing import CARD_ERROR, CardCodes, CardPrinter
from ui.qt import QtCore, QtGui, QtWidgets, Signal, Slot

if TYPE_CHECKING:  # the QR library itself loads on the printer's thread, off the start-up path
    from kiosk.cards.qr import QrCode

PROBLEM_MESSAGES = {
    card_print.NO_PRINTER: N_("There is no printer working here right now."),
    card_print.PAPER_OUT: N_("The printer has run out of cards."),
    card_print.NOT_READY: N_("The printer is not ready."),
    card_print.JOB_FAILED: N_("Your card could not be printed."),
    card_print.TIMED_OUT: N_("Your card could not be printed."),
    CARD_ERROR: N_("Your card could not be printed."),
}


class QrView(QtWidgets.QWidget):
    """A QR code with its white quiet zone, scaled in whole pixels per module.

    The code is turned into a one-pixel-per-module image once and drawn scaled without
    smoothing: crisp edges, and a handful of painter calls per paint instead of thousands.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.code: QrCode | None = None
        self._image: QtGui.QImage | None = None
        self.setMinimumSize(220, 220)
        # Square: as tall as it is wide, so what is laid out under it (its caption) sits right
        # under the code, not at the bottom of a tall empty box.
        policy = QtWidgets.QSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return width

    def set_code(self, code: QrCode | None) -> None:
        self.code = code
        self._image = None if code is None else qr_image(code)
        self.update()

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self._image is None:
            return
        count = self._image.width()
        module = max(1, min(self.width(), self.height()) // count)
        side = module * count
        target = QtCore.QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(target, self._image)
        painter.end()


def qr_image(code: QrCode) -> QtGui.QImage:
    """The code with its quiet zone as a grayscale image, one pixel per module."""
    from kiosk.cards.qr import QUIET_ZONE

    side = code.modules_with_quiet_zone
    stride = (side + 3) // 4 * 4  # QImage rows are 32-bit aligned
    pixels = bytearray(b"\xff" * stride * side)
    for row_index, row in enumerate(code.rows):
        start = (row_index + QUIET_ZONE) * stride + QUIET_ZONE
        for column, dark in enumerate(row):
            if dark:
                pixels[start + column] = 0
    image = QtGui.QImage(bytes(pixels), side, side, stride, QtGui.QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels: the bytes above go away


class CardScreen(QtWidgets.QWidget):
    """Emits ``printed`` (language) when a card is out, ``qr_shown`` each time the codes are
    shown, ``back`` for the topic list and ``done`` to end the visit."""

    back = Signal()
    done = Signal()
    printed = Signal(str)
    qr_shown = Signal()

    def __init__(self, printer: CardPrinter, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.printer = printer
        self.language: str | None = None
        self.codes: CardCodes | None = None
        self._waiting_for_print = False
        printer.prepared.connect(self._prepared)
        printer.printed.connect(self._printed)
        printer.failed.connect(self._failed)

        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.intro = QtWidgets.QLabel()
        self.intro.setObjectName("prompt")
        self.intro.setWordWrap(True)
        self.numbers = QtWidgets.QGridLayout()
        self.numbers.setHorizontalSpacing(32)
        self.numbers.setVerticalSpacing(12)
        # Names next to their numbers on a wide screen: the columns keep their own widths and
        # the room left over goes to a third, empty column, not between a name and its number.
        self.numbers.setColumnStretch(2, 1)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("note")
        self.status.setWordWrap(True)
        self.status.hide()
        self.print_button = WrappingButton()
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_card)
        self.show_codes_button = WrappingButton()
        self.show_codes_button.clicked.connect(self.show_codes)
        choices = QtWidgets.QHBoxLayout()
        choices.addWidget(self.print_button)
        choices.addWidget(self.show_codes_button)
        # What the card holds scrolls when a small screen cannot show it all (long contact
        # names in French or Spanish at 1024x768): cut or squeezed text would be worse. The
        # choices stay in view below it.
        holds = QtWidgets.QWidget()
        holds_layout = QtWidgets.QVBoxLayout(holds)
        holds_layout.setContentsMargins(0, 0, 0, 0)
        holds_layout.addWidget(self.title)
        holds_layout.addWidget(self.intro)
        holds_layout.addSpacing(16)
        holds_layout.addLayout(self.numbers)
        holds_layout.addStretch(1)
        self.holds_area = scroll_area(holds)
        offer = QtWidgets.QWidget()
        offer_layout = QtWidgets.QVBoxLayout(offer)
        offer_layout.setContentsMargins(0, 0, 0, 0)
        offer_layout.addWidget(self.holds_area, 1)
        offer_layout.addSpacing(16)
        offer_layout.addLayout(choices)

        self.vcard_view = QrView()
        self.tel_view = QrView()
        self.vcard_caption = QtWidgets.QLabel()
        self.tel_caption = QtWidgets.QLabel()
        for caption in (self.vcard_caption, self.tel_caption):
            caption.setObjectName("prompt")
            caption.setWordWrap(True)
            caption.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        codes_row = QtWidgets.QHBoxLayout()
        for view, caption, stretch in (
            (self.vcard_view, self.vcard_caption, 3),
            (self.tel_view, self.tel_caption, 2),
        ):
            column = QtWidgets.QVBoxLayout()
            column.addStretch(1)
            column.addWidget(view)
            column.addWidget(caption)  # right under its code, on any screen
            column.addStretch(1)
            codes_row.addLayout(column, stretch)
        codes = QtWidgets.QWidget()
        codes_layout = QtWidgets.QVBoxLayout(codes)
        codes_layout.setContentsMargins(0, 0, 0, 0)
        codes_layout.addLayout(codes_row, 1)

        self.pages = QtWidgets.QStackedWidget()
        self.offer_page, self.codes_page = offer, codes
        self.pages.addWidget(offer)
        self.pages.addWidget(codes)
        self.back_button = WrappingButton()
        self.back_button.clicked.connect(self._go_back)
        self.done_button = WrappingButton()
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.done)
        footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.done_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)

    def show_for(self, language: str) -> None:
        """Fill the screen for ``language`` (the active catalog must already be that language)."""
        self.clear()
        self.language = language
        enable_drag(self.holds_area)
        self.title.setText(_("Your wallet card"))
        self.intro.setText(
            _(
                "A small card for your wallet with the numbers that matter most, "
                "in your language and in English. Show it to anyone who can help."
            )
        )
        self.print_button.setText(_("Print my card"))
        self.show_codes_button.setText(_("Show the codes for my phone"))
        self.back_button.setText(_("Back to topics"))
        self.done_button.setText(_("Done"))
        self.vcard_caption.setText(_("Scan to save these numbers"))
        self.tel_caption.setText(_("Scan to call the tip line"))
        self.printer.prepare(language)

    def set_pack(self, pack: Pack) -> None:
        """Cards from now on carry ``pack``'s contacts (call between visits, with the pack the
        kiosk switches to)."""
        self.printer.set_pack(pack)

    def clear(self) -> None:
        """Forget the last visitor: their language, any message and the codes."""
        self.language = None
        self.codes = None
        self._waiting_for_print = False
        self.pages.setCurrentWidget(self.offer_page)
        self.status.clear()
        self.status.hide()
        self.vcard_view.set_code(None)
        self.tel_view.set_code(None)
        for label in (self.title, self.intro, self.vcard_caption, self.tel_caption):
            label.clear()
        while self.numbers.count():
            item = self.numbers.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now, not when the event loop deletes it
                widget.deleteLater()
        self.print_button.setEnabled(True)

    @Slot()
    def print_card(self) -> None:
        if self.language is None or not self.printer.print_card(self.language):
            return
        self._waiting_for_print = True
        self.print_button.setEnabled(False)
        self._say(_("Printing your card. Please wait."))

    def numbers_text(self) -> str:
        """The numbers shown, one "name: number" a line (for tests and accessibility)."""
        items = [self.numbers.itemAt(i) for i in range(self.numbers.count())]
        cells = [item.widget() for item in items if item is not None]
        texts = [cell.text() for cell in cells if isinstance(cell, QtWidgets.QLabel)]
        return "\n".join(f"{n}: {p}" for n, p in zip(texts[::2], texts[1::2], strict=True))

    @Slot()
    def show_codes(self) -> None:
        self.pages.setCurrentWidget(self.codes_page)
        self.back_button.setText(_("Back"))
        self.qr_shown.emit()

    def _go_back(self) -> None:
        if self.pages.currentWidget() is self.codes_page:
            self.pages.setCurrentWidget(self.offer_page)
            self.back_button.setText(_("Back to topics"))
        else:
            self.back.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    @Slot(str, object)
    def _prepared(self, language: str, codes: object) -> None:
        if language != self.language or not isinstance(codes, CardCodes):
            return
        self.codes = codes
        self.vcard_view.set_code(codes.vcard)
        self.tel_view.set_code(codes.tel)
        self.tel_caption.setText(
            _("Scan to call the tip line")
            + "\n"
            + phone_for_display(codes.content.tip_line.phone, language)
        )
        for row, entry in enumerate(codes.content.entries):
            name = WrappingLabel(for_language(entry.name, language))
            name.setObjectName("prompt")
            number = QtWidgets.QLabel(phone_for_display(entry.phone, language))
            number.setObjectName("title")
            self.numbers.addWidget(name, row, 0)
            self.numbers.addWidget(number, row, 1)

    @Slot(str)
    def _printed(self, language: str) -> None:
        self.printed.emit(language)  # counted even if its visitor has already gone
        if not self._waiting_for_print or language != self.language:
            return
        self._waiting_for_print = False
        self.print_button.setEnabled(True)
        self._say(_("Your card is printed. Please take it from the printer."))

    @Slot(str, str, str)
    def _failed(self, language: str, problem: str, _detail: str) -> None:
        if not self._waiting_for_print or language != self.language:
            return
        self._waiting_for_print = False
        self.print_button.setEnabled(True)
        reason = _(PROBLEM_MESSAGES.get(problem, PROBLEM_MESSAGES[card_print.JOB_FAILED]))
        if self.codes is None:  # the card itself cannot be made: no codes either
            self._say(reason + " " + _("Please ask for help."))
            return
        self._say(reason + " " + _("Scan the codes with your phone camera to save the numbers."))
        self.show_codes()
