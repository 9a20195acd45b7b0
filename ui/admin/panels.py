"""The admin screen's own tabs: content pack, packs to install, contacts to re-check, this
kiosk."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.bidi_text import for_language, isolated, ltr, phone_for_display
from kiosk.i18n import _, ngettext
from kiosk.packs.problems import PackRefusedError
from kiosk.packs.sources import FoundPack
from ui.qt import QtCore, QtWidgets, Signal, Slot

if TYPE_CHECKING:
    from kiosk.clock import ClockState
    from kiosk.packs.model import Contact
    from ui.admin.screen import AdminSource


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
        self._rows = [self.pack, self.origin, self.signer, self.languages, self.refused]
        for row in self._rows:
            self.form.addRow(field_name(), row)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.reasons, 1)
        layout.addStretch(0)

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


class PackInstallPanel(QtWidgets.QWidget):
    """The pack zips found in the drop folder and on removable media, to install one of them
    through the pack store's checks; the result, and the reasons of a refusal, shown here.

    There is no file dialog: in kiosk mode it would let anyone at the screen browse the disk
    and rename or delete folders. ``dialog_opened`` carries each dialog this panel opens (the
    confirmation before installing), so the window can watch it and close it with the session;
    ``changed`` says a pack was installed or refused.
    """

    COLUMNS = 3
    dialog_opened = Signal(object)
    changed = Signal()

    def __init__(self, source: AdminSource, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.found: list[FoundPack] = []
        self.confirmation: QtWidgets.QMessageBox | None = None
        self.title = value_label()
        self.note = value_label()
        self.packs = QtWidgets.QTableWidget(0, self.COLUMNS)
        self.packs.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.packs.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.packs.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.packs.setTextElideMode(QtCore.Qt.TextElideMode.ElideMiddle)
        self.packs.setWordWrap(False)
        self.packs.verticalHeader().hide()
        header = self.packs.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.packs.itemSelectionChanged.connect(self._selection_changed)
        self.look_again_button = QtWidgets.QPushButton()
        self.look_again_button.clicked.connect(self.look_again)
        self.install_button = QtWidgets.QPushButton()
        self.install_button.setObjectName("primary")
        self.install_button.clicked.connect(self.confirm_install)
        self.result = value_label()
        self.reasons = QtWidgets.QPlainTextEdit()
        self.reasons.setReadOnly(True)
        self.reasons.hide()
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.look_again_button)
        buttons.addWidget(self.install_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.packs, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.reasons, 1)

    def refresh(self) -> None:
        self.title.setText(_("Install a content pack from a USB stick or the drop folder"))
        self.packs.setHorizontalHeaderLabels([_("File"), _("Found in"), _("Size")])
        self.look_again_button.setText(_("Look again"))
        self.install_button.setText(_("Install the chosen pack"))
        self.result.setText("")
        self.reasons.hide()
        self.look_again()

    @Slot()
    def look_again(self) -> None:
        """List the pack zips in the drop folder and on the media mounted now."""
        self.found = self.source.find_packs()
        folder = "\n" + ltr(str(self.source.drop_folder()))  # a path of its own, unbroken
        if self.found:
            note = _("Choose a pack, then install it. Drop folder: {folder}")
        else:
            note = _(
                "No content pack found. Put the pack's .zip file on a USB stick "
                "(at the top or in a folder there), or copy it into the drop folder: {folder}"
            )
        self.note.setText(note.format(folder=folder))
        self.packs.clearSelection()
        self.packs.setRowCount(len(self.found))
        for row, found in enumerate(self.found):
            place = (
                _("USB stick or disk: {folder}").format(folder=isolated(found.place.name))
                if found.removable
                else _("drop folder")
            )
            values = (ltr(found.name), place, size_text(found.size))
            for column, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                item.setToolTip(str(found.path))
                self.packs.setItem(row, column, item)
        self._selection_changed()

    def chosen(self) -> FoundPack | None:
        rows = {index.row() for index in self.packs.selectionModel().selectedRows()}
        return self.found[rows.pop()] if len(rows) == 1 else None

    @Slot()
    def _selection_changed(self) -> None:
        self.install_button.setEnabled(self.chosen() is not None)

    @Slot()
    def confirm_install(self) -> None:
        """Ask before installing the chosen pack (a window-modal box on the admin screen)."""
        found = self.chosen()
        if found is None:
            return
        box = QtWidgets.QMessageBox(self)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle(_("Install a content pack"))
        box.setText(
            _(
                "Install {file}? It is checked first; a pack that fails a check is refused "
                "and the kiosk keeps the pack it has."
            ).format(file=ltr(found.name))
        )
        yes = QtWidgets.QMessageBox.StandardButton.Yes
        no = QtWidgets.QMessageBox.StandardButton.No
        box.setStandardButtons(yes | no)
        box.setDefaultButton(no)
        box.button(yes).setText(_("Install"))
        box.button(no).setText(_("Cancel"))
        box.buttonClicked.connect(
            lambda button: self.install(found.path) if box.standardButton(button) == yes else None
        )
        box.destroyed.connect(self._confirmation_gone)
        self.confirmation = box
        box.open()
        self.dialog_opened.emit(box)

    @Slot()
    def _confirmation_gone(self) -> None:
        self.confirmation = None

    def install(self, path: Path) -> bool:
        """Install the pack at ``path``; the result and any reasons are shown here."""
        try:
            active = self.source.install_pack(path)
        except PackRefusedError as refused:
            self.result.setText(
                _("{file} was refused; the kiosk keeps the pack it has. Why:").format(
                    file=ltr(path.name)
                )
            )
            self.reasons.setPlainText("\n".join(str(problem) for problem in refused.problems))
            self.reasons.show()
            self.changed.emit()
            return False
        self.result.setText(
            _("Installed: {pack}").format(pack=ltr(f"{active.pack.id} {active.pack.version}"))
        )
        self.reasons.hide()
        self.changed.emit()
        return True


def size_text(size: int) -> str:
    """A file size for people: kB below a megabyte, MB with one decimal above."""
    if size < 1000 * 1000:
        return _("{size} kB").format(size=max(1, round(size / 1000)))
    return _("{size} MB").format(size=f"{size / 1_000_000:.1f}")


PHONE_COLUMN = 1


class ContactsPanel(QtWidgets.QWidget):
    """Contacts desk staff should call: never called, called too long ago, or in doubt.

    Days count from the last call, not from the day a page was read: only a call proves the
    number reaches the service."""

    COLUMNS = 4

    def __init__(self, source: AdminSource, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.summary = value_label()
        self.table = QtWidgets.QTableWidget(0, self.COLUMNS)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # every column in view, its text wrapped: desk staff read each row whole on the
        # kiosk's own screen, without scrolling sideways (a row's source page is its tooltip)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PHONE_COLUMN, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setWordWrap(True)
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
                    "{count} number needs a call: never called, or last called more than "
                    "{days} days ago.",
                    "{count} numbers need a call: never called, or last called more than "
                    "{days} days ago.",
                    len(stale),
                ).format(count=len(stale), days=days)
            )
        else:
            self.summary.setText(
                _("Every number was called in the last {days} days.").format(days=days)
            )
        self.table.setHorizontalHeaderLabels([_("Contact"), _("Phone"), _("Last call"), _("Note")])
        self.table.setRowCount(len(stale))
        language = settings.default_language
        for row, contact in enumerate(stale):
            values = (
                for_language(pack.contact_name(contact, language), language),
                phone_for_display(contact.phone, language),
                for_language(call_status(contact, today), language),
                contact.doubt,
            )
            for column, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                item.setToolTip(contact.source)  # the page the number was read on
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(stale))


def call_status(contact: Contact, today: date) -> str:
    """When the number was last called, for desk staff: days since the call, or, when nobody
    called it, that it was only read on a page and when, so they know to call it."""
    age = contact.age_days(today)
    if age is None:
        return _("never called; read on its official page on {day}").format(
            day=contact.verified_on.isoformat()
        )
    return ngettext("called {day}, {count} day ago", "called {day}, {count} days ago", age).format(
        day=contact.verified_on.isoformat(), count=age
    )


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
