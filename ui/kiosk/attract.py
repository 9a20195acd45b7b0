"""The attract screen: what this kiosk is, in every language, waiting for a touch.

A stranger walking past must understand in seconds what the machine is for and that it costs
nothing and tells no one: the information sign says "ask here" without words, the greeting and
the purpose cycle through the shipped languages, and every language's own name stays on screen
all the time (the one being shown stands out), so a reader of any script finds theirs at once
instead of waiting for its turn.

It is also the neutral screen the discreet "hide" button returns to, so it shows nothing about
any visit. Desk staff reach the admin PIN by holding a finger on its top-left corner for a few
seconds; a visitor's tap never does.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.i18n import N_
from ui.common.fonts import font_for
from ui.common.icons import sign
from ui.common.style import ICON_COLOR
from ui.qt import QtCore, QtGui, QtWidgets, Signal

GREETING = N_("Welcome")
PURPOSE = N_("Free and confidential information about your rights at work in Canada.")
PROMPT = N_("Touch the screen to start")
CYCLE_MS = 2500
NAMES_PER_ROW = 5
SIGN_SHARE = 0.2  # of the screen's shorter side
ADMIN_CORNER_PX = 96
ADMIN_HOLD_MS = 3000


class AttractScreen(QtWidgets.QWidget):
    """Shown between visits. A touch emits ``started``; a long hold in the corner ``admin``."""

    started = Signal()
    admin = Signal()

    def __init__(self, languages: tuple[str, ...], parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._languages = languages
        self._index = 0
        self.sign = QtWidgets.QLabel()
        self.sign.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self._sign_size = 0
        self.greeting = QtWidgets.QLabel()
        self.greeting.setObjectName("greeting")
        self.purpose = QtWidgets.QLabel()
        self.purpose.setObjectName("purpose")
        self.prompt = QtWidgets.QLabel()
        self.prompt.setObjectName("prompt")
        for label in self.messages():
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self._names = QtWidgets.QGridLayout()
        self._names.setHorizontalSpacing(32)
        self._names.setVerticalSpacing(8)
        self.names: dict[str, QtWidgets.QLabel] = {}
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(2)
        layout.addWidget(self.sign)
        layout.addSpacing(16)
        layout.addWidget(self.greeting)
        layout.addSpacing(12)
        layout.addWidget(self.purpose)
        layout.addSpacing(24)
        layout.addWidget(self.prompt)
        layout.addStretch(3)
        layout.addLayout(self._names)
        self._timer = QtCore.QTimer(self, interval=CYCLE_MS)
        self._timer.timeout.connect(self.show_next_language)
        self._hold = QtCore.QTimer(self, singleShot=True, interval=ADMIN_HOLD_MS)
        self._hold.timeout.connect(self.admin)
        self.set_languages(languages)

    def messages(self) -> tuple[QtWidgets.QLabel, ...]:
        """The labels that speak in the language being shown."""
        return (self.greeting, self.purpose, self.prompt)

    def set_languages(self, languages: tuple[str, ...]) -> None:
        self._languages = languages
        if self.names:
            self.show_names()
        self.show_language(0)

    def show_names(self) -> None:
        """Every language's own name, each in its script's font. Called right after the first
        paint (window.warm_up): loading the fonts of every script is most of a start-up's
        font work, and the first paint should not wait for it."""
        for label in self.names.values():
            label.hide()
            label.deleteLater()
        self.names = {}
        for index, language in enumerate(self._languages):
            name = QtWidgets.QLabel(i18n.native_name(language))
            name.setObjectName("language_name")
            name.setFont(font_for(language, name.font()))
            name.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            self._names.addWidget(name, index // NAMES_PER_ROW, index % NAMES_PER_ROW)
            self.names[language] = name
        self.show_language(self._index)

    def show_language(self, index: int) -> None:
        self._index = index % len(self._languages)
        language = self._languages[self._index]
        direction = (
            QtCore.Qt.LayoutDirection.RightToLeft
            if i18n.is_right_to_left(language)
            else QtCore.Qt.LayoutDirection.LeftToRight
        )
        for label, message in zip(self.messages(), (GREETING, PURPOSE, PROMPT), strict=True):
            label.setFont(font_for(language, label.font()))
            label.setLayoutDirection(direction)
            label.setText(i18n.gettext_in(language, message))
        for code, name in self.names.items():
            current = code == language
            # Bold is set on the font itself, every time: a style sheet's bold is baked into a
            # label with a font of its own when the window's sheets change (bigger text, high
            # contrast), and the last visitor's language stayed bold for the next one to see.
            font = name.font()
            if font.bold() != current:
                font.setBold(current)
                name.setFont(font)
            if name.property("current") != current:
                name.setProperty("current", current)
                name.style().unpolish(name)
                name.style().polish(name)

    @property
    def language(self) -> str:
        return self._languages[self._index]

    def show_next_language(self) -> None:
        self.show_language(self._index + 1)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802
        size = round(min(self.width(), self.height()) * SIGN_SHARE)
        if size != self._sign_size:
            self._sign_size = size
            self.sign.setPixmap(sign("information", ICON_COLOR, size))
        super().resizeEvent(event)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        self.show_language(0)
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802
        self._timer.stop()
        self._hold.stop()
        super().hideEvent(event)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802
        position = event.position()
        if position.x() < ADMIN_CORNER_PX and position.y() < ADMIN_CORNER_PX:
            self._hold.start()  # a visit starts on release, unless the hold reaches admin
        else:
            self.started.emit()
        event.accept()

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802
        if self._hold.isActive():
            self._hold.stop()
            self.started.emit()
        event.accept()
