"""Help for a visitor whose language the pack lacks: in their language, and in pictures.

Shown after they touch their language on "My language is not here". One sentence in their
language (a draft translation, and marked as one) says what to do; pictures and numbers say it
again for anyone who cannot read it: the emergency light with 911, the phone with the tip line
and the two speech bubbles of its interpreters, the person at the desk. A QR code saves both
numbers to a phone. Nothing of the visitor is kept here beyond the visit.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.bidi_text import isolated
from kiosk.contact_rules import EMERGENCY_ID, TIP_LINE_ID
from kiosk.i18n import _
from kiosk.packs.load import Pack
from kiosk.unlisted_languages import (
    HelpNumber,
    help_numbers,
    help_sentence,
    help_vcard,
)
from ui.common.fonts import font_for
from ui.common.icons import sign
from ui.common.scrolling import enable_drag, scroll_area
from ui.common.style import HIGH_CONTRAST_ICON_COLOR, ICON_COLOR
from ui.common.wrapping import WrappingLabel
from ui.kiosk.card import QrView
from ui.kiosk.languages import direction_of
from ui.qt import QtCore, QtWidgets

PICTURE_PX = 72
CODE_MIN_PX, CODE_MAX_PX = 200, 360
CODE_PORTRAIT_PX = 400


class HelpTile(QtWidgets.QFrame):
    """A picture with a number or a few words under it."""

    def __init__(self, picture: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.picture_name = picture
        self.picture = QtWidgets.QLabel()
        self.picture.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.number = QtWidgets.QLabel()
        self.number.setObjectName("number")
        self.number.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
        self.caption = WrappingLabel()
        self.caption.setObjectName("caption")
        for label in (self.number, self.caption):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.picture)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.recolor(False)

    def recolor(self, high_contrast: bool) -> None:
        color = HIGH_CONTRAST_ICON_COLOR if high_contrast else ICON_COLOR
        self.picture.setPixmap(sign(self.picture_name, color, PICTURE_PX))


class UnlistedLanguageHelp(QtWidgets.QWidget):
    """What to do, for a visitor who chose ``language`` from the languages the pack lacks."""

    def __init__(self, pack: Pack, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.pack = pack
        self.language: str | None = None
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("title")
        self.sentence = WrappingLabel()
        self.sentence.setObjectName("help")
        self.draft_note = WrappingLabel()
        self.draft_note.setObjectName("draft")
        self.emergency = HelpTile("emergency")
        self.tip_line = HelpTile("phone")
        self.interpreter = HelpTile("interpreter")
        self.staff = HelpTile("staff")
        self.tiles = (self.emergency, self.tip_line, self.interpreter, self.staff)
        self.code = QrView()
        self.code.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.code_caption = WrappingLabel()
        self.code_caption.setObjectName("caption")
        self.code_caption.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.text_box = QtWidgets.QWidget()
        text = QtWidgets.QVBoxLayout(self.text_box)
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(12)
        text.addWidget(self.heading)
        text.addWidget(self.sentence)
        text.addWidget(self.draft_note)
        text.addStretch(1)
        self.code_box = QtWidgets.QWidget()
        code = QtWidgets.QVBoxLayout(self.code_box)
        code.setContentsMargins(0, 0, 0, 0)
        code.addWidget(self.code, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        code.addWidget(self.code_caption)
        code.addStretch(1)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setSpacing(16)
        self._portrait: bool | None = None
        self._arrange(portrait=False)
        contents = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(contents)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.grid)
        column.addStretch(1)
        # On a small screen with bigger text it scrolls rather than squeezing a picture or a
        # caption out of sight.
        self.area = scroll_area(contents)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)

    def set_pack(self, pack: Pack) -> None:
        self.pack = pack

    def show_for(self, language: str) -> None:
        """Fill in everything for ``language``; the numbers come from the pack's contacts."""
        self.language = language
        help_text = help_sentence(language)
        self.heading.setText(i18n.native_name(language))
        self.heading.setFont(font_for(language, self.heading.font()))
        self.sentence.setText(help_text.text)
        self.sentence.setFont(font_for(help_text.language, self.sentence.font()))
        self.sentence.setLayoutDirection(direction_of(help_text.language))
        self.sentence.setAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight
            if direction_of(help_text.language) == QtCore.Qt.LayoutDirection.RightToLeft
            else QtCore.Qt.AlignmentFlag.AlignLeft
        )
        numbers = help_numbers(self.pack)
        self._show_numbers(numbers)
        if numbers:
            from kiosk.cards.qr import make_qr

            self.code.set_code(make_qr(help_vcard(numbers)))
        self.code.setVisible(bool(numbers))
        self.code_caption.setVisible(bool(numbers))
        self.retranslate()

    def _show_numbers(self, numbers: tuple[HelpNumber, ...]) -> None:
        by_id = {number.contact_id: number for number in numbers}
        for tile, contact_id in ((self.emergency, EMERGENCY_ID), (self.tip_line, TIP_LINE_ID)):
            number = by_id.get(contact_id)
            tile.setVisible(number is not None)
            tile.number.setText("" if number is None else isolated(number.phone.display))
        # Pictures only: a number here ("200+") was read as a price or a number to dial.
        for tile in (self.interpreter, self.staff):
            tile.number.hide()

    def retranslate(self) -> None:
        """The captions in the kiosk's language (the sentence above is in the visitor's)."""
        if self.language is None:
            return
        help_text = help_sentence(self.language)
        notes = []
        if help_text.in_another_language:
            notes.append(
                _("Shown in {language}.").format(
                    language=isolated(i18n.native_name(help_text.language))
                )
            )
        if help_text.draft:
            notes.append(_("This translation has not yet been checked by a qualified translator."))
        self.draft_note.setText(" ".join(notes))
        self.draft_note.setVisible(bool(notes))
        self.emergency.caption.setText(_("In danger"))
        self.tip_line.caption.setText(_("Problems at work: free, confidential"))
        self.interpreter.caption.setText(_("Interpreters, in your language"))
        self.staff.caption.setText(_("Ask the desk staff"))
        self.code_caption.setText(_("Scan to save these numbers"))

    def recolor(self, high_contrast: bool) -> None:
        for tile in self.tiles:
            tile.recolor(high_contrast)

    def clear(self) -> None:
        """Forget which language the last visitor chose."""
        self.language = None
        self.heading.clear()
        self.sentence.clear()
        self.code.set_code(None)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        enable_drag(self.area)
        super().showEvent(event)  # type: ignore[arg-type]

    def _arrange(self, portrait: bool) -> None:
        """Landscape: the sentence beside the code that saves the numbers, the four pictures in
        one row under them, so all of it shows at once on a 1024x768 screen. Portrait: the
        sentence, the pictures two by two, the code under them."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for widget in (self.text_box, self.code_box, *self.tiles):
            self.grid.removeWidget(widget)
        for column in range(4):
            self.grid.setColumnStretch(column, 0)
        if portrait:
            self.grid.addWidget(self.text_box, 0, 0, 1, 2)
            for index, tile in enumerate(self.tiles):
                self.grid.addWidget(tile, 1 + index // 2, index % 2)
            self.grid.addWidget(self.code_box, 3, 0, 1, 2)
            columns = 2
        else:
            self.grid.addWidget(self.text_box, 0, 0, 1, 3)
            self.grid.addWidget(self.code_box, 0, 3)
            for index, tile in enumerate(self.tiles):
                self.grid.addWidget(tile, 1, index)
            columns = 4
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.StyleChange, QtCore.QEvent.Type.FontChange):
            self._fit()  # bigger text: four pictures in a row may no longer fit

    def _fit(self) -> None:
        """Portrait arrangement on a portrait screen, and on a landscape one whose width cannot
        hold four pictures and the code side by side (bigger text at 1024x768)."""
        portrait = self.height() > self.width() * 1.2
        # A code a phone reads from arm's length: larger when the screen has the room.
        side = max(CODE_MIN_PX, min(CODE_MAX_PX, min(self.width(), self.height()) // 3))
        if portrait:
            side = max(side, CODE_PORTRAIT_PX)
        self.code.setFixedSize(side, side)
        if not portrait:
            self._arrange(portrait=False)
            available = (
                self.area.viewport().width() - self.area.verticalScrollBar().sizeHint().width()
            )
            portrait = self.grid.minimumSize().width() > available
        self._arrange(portrait)
