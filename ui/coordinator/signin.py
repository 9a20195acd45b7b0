"""The coordinator's sign-in: the central's address, a name and a password.

The password goes to the central (over HTTPS) and is forgotten as soon as it is sent; only the
token the central answers is kept, in memory, for this window.
"""

from __future__ import annotations

from kiosk.i18n import _
from ui.qt import QtCore, QtWidgets, Signal, Slot


class SignInScreen(QtWidgets.QWidget):
    """Emits ``requested`` (url, name, password) when the coordinator signs in."""

    requested = Signal(str, str, str)

    def __init__(self, central_url: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("coordinatorSignIn")
        self.heading = QtWidgets.QLabel(_("Reach statistics"))
        self.heading.setObjectName("heading")
        self.explanation = QtWidgets.QLabel(
            _("Sign in to the central with the name and password a coordinator gave you.")
        )
        self.explanation.setWordWrap(True)
        self.url = QtWidgets.QLineEdit(central_url)
        self.url.setPlaceholderText("https://central.example.org")
        self.name = QtWidgets.QLineEdit()
        self.password = QtWidgets.QLineEdit()
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.submit = QtWidgets.QPushButton(_("Sign in"))
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()

        form = QtWidgets.QFormLayout()
        form.addRow(_("Central"), self.url)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Password"), self.password)
        box = QtWidgets.QFrame()
        box.setObjectName("card")
        box.setMaximumWidth(520)
        inner = QtWidgets.QVBoxLayout(box)
        inner.addWidget(self.heading)
        inner.addWidget(self.explanation)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.submit, alignment=QtCore.Qt.AlignmentFlag.AlignRight)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, alignment=QtCore.Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

        self.submit.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)

    @Slot()
    def _submit(self) -> None:
        url, name, password = (
            self.url.text().strip(),
            self.name.text().strip(),
            self.password.text(),
        )
        if not (url and name and password):
            self.show_message(_("Enter the central's address, your name and your password."))
            return
        self.password.clear()
        self.submit.setEnabled(False)
        self.show_message(_("Signing in…"), error=False)
        self.requested.emit(url, name, password)

    def show_notice(self, text: str) -> None:
        """A calm message (not an error) with the form ready for the next person."""
        self.show_message(text)
        self.message.setProperty("error", False)
        self.submit.setEnabled(True)

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setProperty("error", error)
        self.message.setText(text)
        self.message.show()
        self.submit.setEnabled(error)
