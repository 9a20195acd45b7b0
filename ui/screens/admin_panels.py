"""The admin screen's own tabs: content pack, contacts to re-check, this kiosk."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.bidi_text import for_language, isolated, ltr, phone_for_display
from kiosk.i18n import _, ngettext
from kiosk.pack_problems import PackRefusedError
from ui.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from kiosk.clock import ClockState
    from ui.screens.admin import AdminSource


def value_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("field")
    label.setWordWrap(True)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def field_name() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("field")
    return label


class ContentPanel(QtWidgets.QWidget):
    """The active pack, where it came from, who signed it, and the last refusal with reasons."""

    def __init__(self, source: AdminSource, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.form = QtWidgets.QFormLayout()
        self.pack = value_label()
        self.origin = value_label()
        self.signer = value_label()
        self.languages = value_label()
        self.refused = value_label()
        self.reasons = QtWidgets.QPlainTextEdit()
        self.reasons.setReadOnly(True)
        self.install_button = QtWidgets.QPushButton()
        self.install_button.clicked.connect(self.choose_and_install)
        self.result = value_label()
        self._rows = [self.pack, self.origin, self.signer, self.languages, self.refused]
        for row in self._rows:
            self.form.addRow(field_name(), row)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.reasons, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.install_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)

    def refresh(self) -> None:
        active = self.source.current_pack()
        pack = active.pack
        names = (
            _("Content pack"),
            _("Source"),
            _("Signed by"),
            _("Languages"),
            _("Last refused pack"),
        )
        for row, name in zip(self._rows, names, strict=True):
            label = self.form.labelForField(row)
            if isinstance(label, QtWidgets.QLabel):
                label.setText(name)
        self.pack.setText(ltr(f"{pack.id} {pack.version}"))
        if active.origin == "shipped":
            self.origin.setText(_("shipped with the application"))
        else:
            self.origin.setText(_("installed: {folder}").format(folder=ltr(active.location)))
        self.signer.setText(ltr(active.signer) if active.signer else _("not signed"))
        shown = [
            _("{language} (draft)").format(language=i18n.native_name(code))
            if pack.is_draft(code)
            else i18n.native_name(code)
            for code in pack.languages
        ]
        self.languages.setText(", ".join(isolated(name) for name in shown))
        refusal = self.source.last_refusal()
        if refusal is None:
            self.refused.setText(_("none"))
            self.reasons.setPlainText("")
            self.reasons.hide()
        else:
            self.refused.setText(
                _("{source}, at {time}").format(
                    source=ltr(refusal.source), time=ltr(refusal.refused_at)
                )
            )
            self.reasons.setPlainText("\n".join(refusal.problems))
            self.reasons.show()
        self.install_button.setText(_("Install a content pack from a file"))

    def choose_and_install(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self, _("Install a content pack from a file"), "", "Content pack (*.zip)"
        )
        if path:
            self.install(Path(path))

    def install(self, path: Path) -> bool:
        """Install the pack at ``path``; the result and any reasons are shown here."""
        try:
            active = self.source.install_pack(path)
        except PackRefusedError:
            self.refresh()
            self.result.setText(_("The pack was refused. The reasons are listed above."))
            return False
        self.refresh()
        self.result.setText(
            _("Installed: {pack}").format(pack=ltr(f"{active.pack.id} {active.pack.version}"))
        )
        return True


class ContactsPanel(QtWidgets.QWidget):
    """Contacts whose facts were checked longer ago than the site allows, oldest first."""

    COLUMNS = 5

    def __init__(self, source: AdminSource, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.summary = value_label()
        self.table = QtWidgets.QTableWidget(0, self.COLUMNS)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh(self, today: date | None = None) -> None:
        today = today or date.today()
        settings = self.source.settings
        pack = self.source.current_pack().pack
        days = settings.contact_max_age_days
        stale = pack.stale_contacts(today, days)
        if stale:
            self.summary.setText(
                ngettext(
                    "{count} contact was last checked more than {days} days ago. "
                    "Check it against its source.",
                    "{count} contacts were last checked more than {days} days ago. "
                    "Check them against their sources.",
                    len(stale),
                ).format(count=len(stale), days=days)
            )
        else:
            self.summary.setText(
                _("Every contact was checked in the last {days} days.").format(days=days)
            )
        self.table.setHorizontalHeaderLabels(
            [_("Contact"), _("Phone"), _("Checked on"), _("Days ago"), _("Source")]
        )
        self.table.setRowCount(len(stale))
        language = settings.default_language
        for row, contact in enumerate(stale):
            values = (
                for_language(pack.contact_name(contact, language), language),
                phone_for_display(contact.phone, language),
                for_language(contact.verified_on.isoformat(), language),
                str(contact.age_days(today)),
                for_language(contact.source, language),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QtWidgets.QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(stale))


class DevicePanel(QtWidgets.QWidget):
    """Site, device, data folder; assisted mode; closing the kiosk."""

    def __init__(self, source: AdminSource, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.form = QtWidgets.QFormLayout()
        self.site = value_label()
        self.device = value_label()
        self.data_folder = value_label()
        self.mode = value_label()
        self.clock = value_label()
        self._rows = [self.site, self.device, self.data_folder, self.mode, self.clock]
        for row in self._rows:
            self.form.addRow(field_name(), row)
        self.assisted_button = QtWidgets.QPushButton()
        self.assisted_button.setCheckable(True)
        self.assisted_button.toggled.connect(lambda _on: self.refresh())
        self.assisted_note = value_label()
        self.quit_button = QtWidgets.QPushButton()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(16)
        layout.addWidget(self.assisted_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.assisted_note)
        layout.addStretch(1)
        layout.addWidget(self.quit_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)

    def refresh(self) -> None:
        settings = self.source.settings
        names = (_("Site"), _("Device"), _("Data folder"), _("Kiosk mode"), _("Clock"))
        for row, name in zip(self._rows, names, strict=True):
            label = self.form.labelForField(row)
            if isinstance(label, QtWidgets.QLabel):
                label.setText(name)
        self.site.setText(ltr(settings.site))
        device = self.source.device_name()
        self.device.setText(ltr(device) if device else _("not known yet"))
        self.data_folder.setText(ltr(str(settings.resolved_data_dir())))
        self.mode.setText(_("on") if settings.kiosk_mode else _("off"))
        self.clock.setText(clock_text(self.source.clock_state()))
        on = self.assisted_button.isChecked()
        self.assisted_button.setText(_("Assisted mode: on") if on else _("Assisted mode: off"))
        self.assisted_note.setText(
            _(
                "While it is on, desk staff are helping visitors: "
                "their visits are counted as assisted."
            )
        )
        self.quit_button.setText(_("Close the kiosk"))


def clock_text(state: ClockState | None) -> str:
    """The clock's date and, when it looks wrong, why (``kiosk.clock`` judges it)."""
    if state is None:
        return _("not known yet")
    today = ltr(state.today.isoformat())
    if state.problem is None:
        return _("{date} (looks right)").format(date=today)
    if state.problem == "before-last-event" and state.last_event is not None:
        return " ".join(
            (
                _(
                    "Clock looks wrong: {date} is before the last count recorded here ({last})."
                ).format(date=today, last=ltr(state.last_event.isoformat())),
                _("Set this computer's date and time."),
            )
        )
    if state.problem == "too-late":
        wrong = _("Clock looks wrong: {date} is too far in the future.")
    else:
        wrong = _("Clock looks wrong: {date} is before this software existed.")
    return " ".join(
        (
            wrong.format(date=today),
            _("Set this computer's date and time."),
            _("Counts made meanwhile are dated on the day they reach the central server."),
        )
    )
