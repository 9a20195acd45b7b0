"""The admin screen, behind the PIN: what desk staff need to see and change, one tab per subject.

Tabs here: content pack (and why a pack was refused), the packs on USB sticks or in the drop
folder to install, contacts to re-check, this device. Other
parts of the kiosk add their own tabs with :meth:`AdminScreen.add_panel` (local statistics, sync
status, printer) without touching this module; a panel with a ``refresh()`` method is refreshed
each time the admin screen opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.config import Settings
from kiosk.i18n import N_, _
from kiosk.packs.sources import FoundPack
from kiosk.packs.store import ActivePack, Refusal
from ui.admin.panels import ContactsPanel, ContentPanel, DevicePanel, PackInstallPanel
from ui.qt import QtCore, QtWidgets, Signal

if TYPE_CHECKING:
    from kiosk.clock import ClockState


class AdminSource(Protocol):
    """What the admin screen reads and does; :class:`ui.kiosk.app.Kiosk` provides it."""

    settings: Settings

    def current_pack(self) -> ActivePack: ...

    def last_refusal(self) -> Refusal | None: ...

    def install_pack(self, path: Path) -> ActivePack: ...

    def find_packs(self) -> list[FoundPack]: ...

    def drop_folder(self) -> Path: ...

    def device_name(self) -> str | None: ...

    def clock_state(self) -> ClockState | None: ...


class AdminScreen(QtWidgets.QWidget):
    """Emits ``back`` (return to the kiosk), ``quit`` (close it), ``assisted`` (on/off) and
    ``dialog_opened`` with each dialog a tab opens (parented to this screen); the window closes
    them all when the admin session ends."""

    back = Signal()
    quit = Signal()
    assisted = Signal(bool)
    dialog_opened = Signal(object)

    def __init__(self, source: AdminSource, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("title")
        self.tabs = QtWidgets.QTabWidget()
        self.content = ContentPanel(source)
        self.packs = PackInstallPanel(source)
        self.contacts = ContactsPanel(source)
        self.device = DevicePanel(source)
        self.device.assisted_button.toggled.connect(self.assisted)
        self.device.quit_button.clicked.connect(self.quit)
        self.packs.dialog_opened.connect(self.dialog_opened)
        self.packs.changed.connect(self.content.refresh)
        self._titles: list[tuple[QtWidgets.QWidget, str]] = []
        for panel, title in (
            (self.content, N_("Content")),
            (self.packs, N_("Install a pack")),
            (self.contacts, N_("Contacts")),
            (self.device, N_("This kiosk")),
        ):
            self._titles.append((panel, title))
            self.tabs.addTab(panel, "")
        self.back_button = QtWidgets.QPushButton()
        self.back_button.setObjectName("primary")
        self.back_button.clicked.connect(self.back)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    def add_panel(self, title: str, panel: QtWidgets.QWidget) -> None:
        """Add a tab; ``title`` is an untranslated N_() string, translated when shown."""
        self._titles.append((panel, title))
        self.tabs.addTab(panel, "")

    def refresh(self) -> None:
        """Re-read everything and re-translate (the admin screen opens in the default language)."""
        self.title.setText(_("Administration"))
        self.back_button.setText(_("Back to the kiosk"))
        for panel, title in self._titles:
            self.tabs.setTabText(self.tabs.indexOf(panel), _(title))
            refresh = getattr(panel, "refresh", None)
            if callable(refresh):
                refresh()
        self.tabs.setCurrentIndex(0)

    def set_assisted(self, on: bool) -> None:
        button = self.device.assisted_button
        button.blockSignals(True)
        button.setChecked(on)
        button.blockSignals(False)
        self.device.refresh()

    def showEvent(self, event: QtCore.QEvent) -> None:  # type: ignore[override]  # noqa: N802
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]
