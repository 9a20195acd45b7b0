"""The outreach session form: date, region, sector, stream, counts, languages and topics.

Only pickers: a date field, drop-down lists, number fields and check lists. There is nowhere to type
a name, a farm or a sentence, so none can end up in a count (the privacy rules in
docs/architecture.md). A session that is synced, or on its way, is shown read-only.
"""

from __future__ import annotations

from datetime import date

from kiosk import i18n
from kiosk.i18n import _
from kiosk.packs.load import Pack
from kiosk.reach.outreach import MAX_HANDED_OUT, MAX_WORKERS, SessionForm, SessionRecord
from kiosk.reach.vocabulary import BC_REGIONS, SECTORS, STREAMS
from ui.common import labels
from ui.qt import QtCore, QtWidgets, Signal

FORM_STYLE = """
QComboBox, QSpinBox, QDateEdit { font-size: 20px; min-height: 52px; padding: 2px 10px;
    background: #ffffff; border: 2px solid #9aa8b5; border-radius: 8px; }
QSpinBox::up-button, QSpinBox::down-button { width: 0; border: none; }
QCheckBox { font-size: 20px; min-height: 44px; spacing: 12px; }
QCheckBox::indicator { width: 30px; height: 30px; }
QPushButton#step { font-size: 26px; font-weight: bold; min-height: 52px; min-width: 56px;
    max-width: 56px; padding: 0; border-radius: 8px; }
QLabel#field { font-size: 19px; font-weight: bold; }
QLabel#status { font-size: 20px; color: #0b4f6c; }
QLabel#error { font-size: 20px; color: #8a1c1c; background: #fde8e8; padding: 8px;
               border-radius: 6px; }
QScrollArea { border: none; }
"""


class _WideCheckBox(QtWidgets.QCheckBox):
    """A check box that a touch anywhere on its row toggles, not only on the box and the words."""

    def hitButton(self, pos: QtCore.QPoint) -> bool:  # noqa: N802 - Qt's name
        return self.rect().contains(pos)


class CheckList(QtWidgets.QWidget):
    """Codes with a large check box each, in ``columns`` columns; labels translated, codes kept."""

    changed = Signal()

    def __init__(self, columns: int = 1, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._columns = columns
        self._grid = QtWidgets.QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(2)
        self.boxes: dict[str, QtWidgets.QCheckBox] = {}

    def set_items(self, items: list[tuple[str, str]]) -> None:
        checked = set(self.checked())
        for box in self.boxes.values():
            self._grid.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        for index, (code, text) in enumerate(items):
            box = _WideCheckBox(text)
            box.setChecked(code in checked)
            box.toggled.connect(self.changed)
            self._grid.addWidget(box, index // self._columns, index % self._columns)
            self.boxes[code] = box

    def codes(self) -> list[str]:
        return list(self.boxes)

    def checked(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_checked(self, codes: set[str] | list[str] | tuple[str, ...]) -> None:
        wanted = set(codes)
        for code, box in self.boxes.items():
            box.setChecked(code in wanted)

    def check(self, code: str) -> None:
        if code in self.boxes:
            self.boxes[code].setChecked(True)


class Counter(QtWidgets.QWidget):
    """A count with big minus and plus buttons beside it, for fingers as well as keyboards."""

    def __init__(self, maximum: int, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.spin = QtWidgets.QSpinBox()
        self.spin.setRange(0, maximum)
        # Its own tiny arrows are hidden by the style sheet (NoButtons breaks styled spin boxes).
        self.minus = QtWidgets.QPushButton("\u2212")
        self.plus = QtWidgets.QPushButton("+")
        for button, step in ((self.minus, -1), (self.plus, 1)):
            button.setObjectName("step")
            button.setAutoRepeat(True)
            button.clicked.connect(lambda _=False, step=step: self.spin.stepBy(step))
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.minus)
        row.addWidget(self.spin, 1)
        row.addWidget(self.plus)
        self.valueChanged = self.spin.valueChanged

    def value(self) -> int:
        return self.spin.value()

    def setValue(self, value: int) -> None:  # noqa: N802 - the Qt spelling, as QSpinBox
        self.spin.setValue(value)


class SessionFormScreen(QtWidgets.QWidget):
    """Emits what the outreach worker asks for; the window does the saving."""

    present = Signal()
    save_draft = Signal()
    record = Signal()
    void = Signal()
    back = Signal()

    def __init__(self, pack: Pack, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(FORM_STYLE)
        self._pack = pack
        self.session: SessionRecord | None = None
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()

        self.date = QtWidgets.QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.region = QtWidgets.QComboBox()
        self.sector = QtWidgets.QComboBox()
        self.stream = QtWidgets.QComboBox()
        self.workers = Counter(MAX_WORKERS)
        self.cards = Counter(MAX_HANDED_OUT)
        self.brochures = Counter(MAX_HANDED_OUT)
        self.languages = CheckList(columns=2)
        self.topics = CheckList(columns=1)
        for counter in (self.workers, self.cards, self.brochures):
            counter.valueChanged.connect(self._update_buttons)
        self.languages.changed.connect(self._update_buttons)

        self.field_labels: dict[str, QtWidgets.QLabel] = {}
        fields = QtWidgets.QGridLayout()
        fields.setHorizontalSpacing(16)
        fields.setVerticalSpacing(10)
        fields.setColumnStretch(1, 1)
        fields.setColumnMinimumWidth(0, 170)
        for row, (name, widget) in enumerate(
            [
                ("date", self.date),
                ("region", self.region),
                ("sector", self.sector),
                ("stream", self.stream),
                ("workers", self.workers),
                ("cards", self.cards),
                ("brochures", self.brochures),
            ]
        ):
            self.field_labels[name] = self._field(name)
            fields.addWidget(self.field_labels[name], row, 0)
            fields.addWidget(widget, row, 1)
        fields.setRowStretch(7, 1)
        lists = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(lists)
        column.setContentsMargins(0, 0, 8, 0)
        for name, widget in (("languages", self.languages), ("topics", self.topics)):
            self.field_labels[name] = self._field(name)
            column.addWidget(self.field_labels[name])
            column.addWidget(widget)
            column.addSpacing(10)
        column.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(lists)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QtWidgets.QScroller.grabGesture(
            scroll.viewport(), QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        body = QtWidgets.QHBoxLayout()
        body.addLayout(fields, 11)
        body.addSpacing(28)
        body.addWidget(scroll, 9)

        self.back_button = QtWidgets.QPushButton()
        self.back_button.clicked.connect(self.back)
        self.present_button = QtWidgets.QPushButton()
        self.present_button.clicked.connect(self.present)
        self.void_button = QtWidgets.QPushButton()
        self.void_button.clicked.connect(self.void)
        self.draft_button = QtWidgets.QPushButton()
        self.draft_button.clicked.connect(self.save_draft)
        self.record_button = QtWidgets.QPushButton()
        self.record_button.setObjectName("done")
        self.record_button.clicked.connect(self.record)
        footer = QtWidgets.QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addWidget(self.present_button)
        footer.addStretch(1)
        footer.addWidget(self.void_button)
        footer.addWidget(self.draft_button)
        footer.addWidget(self.record_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addLayout(body, 1)
        layout.addSpacing(8)
        layout.addLayout(footer)
        self.retranslate()

    def _field(self, name: str) -> QtWidgets.QLabel:
        field = QtWidgets.QLabel()
        field.setObjectName("field")
        field.setWordWrap(True)
        field.setMaximumWidth(210)
        return field

    def retranslate(self) -> None:
        """Fill every text in the active language, keeping what was picked."""
        for name, text in {
            "date": _("Date"),
            "region": _("BC region"),
            "sector": _("Sector"),
            "stream": _("Permit stream"),
            "workers": _("Workers reached"),
            "cards": _("Cards given"),
            "brochures": _("Brochures given"),
            "languages": _("Languages used"),
            "topics": _("Topics covered"),
        }.items():
            self.field_labels[name].setText(text)
        for combo, codes, names in (
            (self.region, BC_REGIONS, labels.REGIONS),
            (self.sector, SECTORS, labels.SECTORS),
            (self.stream, STREAMS, labels.STREAMS),
        ):
            current = combo.currentData()
            combo.clear()
            for code in codes:
                combo.addItem(labels.label(names, code), code)
            if current is not None:
                combo.setCurrentIndex(combo.findData(current))
        self.languages.set_items(
            [(code, labels.language_label(code)) for code in self._pack.languages]
        )
        language = i18n.active_language()
        self.topics.set_items([(t, self._pack.title(t, language)) for t in self._pack.topics])
        self.back_button.setText(_("Back"))
        self.present_button.setText(_("Present topics"))
        self.void_button.setText(_("Void session"))
        self.draft_button.setText(_("Save draft"))
        self.record_button.setText(_("Record session"))
        self._show_state()

    def load(self, session: SessionRecord | None, today: date) -> None:
        """Show a stored session, or a new one dated ``today``."""
        self.session = session
        form = session.form if session else None
        self.date.setMaximumDate(QtCore.QDate(today.year, today.month, today.day))
        shown = form.session_date if form else today
        self.date.setDate(QtCore.QDate(shown.year, shown.month, shown.day))
        for combo, code in (
            (self.region, form.region if form else BC_REGIONS[0]),
            (self.sector, form.sector if form else SECTORS[0]),
            (self.stream, form.stream if form else STREAMS[0]),
        ):
            combo.setCurrentIndex(combo.findData(code))
        self.workers.setValue(form.workers_reached if form else 0)
        self.cards.setValue(form.cards_given if form else 0)
        self.brochures.setValue(form.brochures_given if form else 0)
        # a stored session may name a language the current pack lacks: keep it visible
        extra = [
            code for code in (form.languages if form else ()) if code not in self._pack.languages
        ]
        self.languages.set_items(
            [(c, labels.language_label(c)) for c in (*self._pack.languages, *extra)]
        )
        self.languages.set_checked(form.languages if form else ())
        self.topics.set_checked(form.topics if form else ())
        self.show_error(None)
        self._show_state()

    def form(self) -> SessionForm:
        """What the widgets say now."""
        picked = self.date.date()
        return SessionForm(
            session_date=date(picked.year(), picked.month(), picked.day()),
            region=self.region.currentData(),
            sector=self.sector.currentData(),
            stream=self.stream.currentData(),
            workers_reached=self.workers.value(),
            cards_given=self.cards.value(),
            brochures_given=self.brochures.value(),
            languages=tuple(self.languages.checked()),
            topics=tuple(self.topics.checked()),
        )

    def mark_presented(self, language: str, topic: str | None) -> None:
        """A topic was shown to the group in ``language``: tick both."""
        if language not in self.languages.codes():
            return
        self.languages.check(language)
        if topic is not None:
            self.topics.check(topic)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    @property
    def editable(self) -> bool:
        return self.session is None or self.session.editable

    def _show_state(self) -> None:
        session = self.session
        if session is None:
            self.title.setText(_("New outreach session"))
            self.status.setText(_("No names: only what happened, counted."))
        else:
            self.title.setText(_("Outreach session"))
            if session.status == "void":
                self.status.setText(_("This session was voided. It is not counted."))
            elif session.locked:
                self.status.setText(
                    _("This session is synced (or being synced) and can no longer be changed.")
                )
            elif session.status == "recorded":
                self.status.setText(
                    _("Recorded. You can still correct or void it until it is synced.")
                )
            else:
                self.status.setText(_("Draft: not counted until you record it."))
        editable = self.editable
        for widget in (
            self.date,
            self.region,
            self.sector,
            self.stream,
            self.workers,
            self.cards,
            self.brochures,
            self.languages,
            self.topics,
        ):
            widget.setEnabled(editable)
        self.present_button.setVisible(editable)
        self.draft_button.setVisible(editable and (session is None or session.status == "draft"))
        self.void_button.setVisible(editable and session is not None)
        self.record_button.setVisible(editable)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        recordable = self.workers.value() >= 1 and bool(self.languages.checked())
        self.record_button.setEnabled(self.editable and recordable)
        self.record_button.setToolTip(
            "" if recordable else _("To record: at least one worker and one language.")
        )
