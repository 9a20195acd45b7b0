"""The cut-text check itself: it finds a cut label or button and passes whole ones."""

from __future__ import annotations

from tests.ui.text_fit import cut_texts
from ui.qt import QtWidgets

LONG = "Open Work Permit if You Are Abused"


def test_a_button_too_narrow_for_its_text_is_found(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QtWidgets.QWidget()
    qtbot.addWidget(box)
    button = QtWidgets.QPushButton(LONG, box)
    box.show()
    button.resize(button.sizeHint())
    assert cut_texts(box) == []
    button.resize(button.sizeHint().width() // 2, button.sizeHint().height())
    found = cut_texts(box)
    assert len(found) == 1 and LONG in found[0]


def test_a_label_too_short_for_its_lines_is_found(kiosk_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QtWidgets.QWidget()
    qtbot.addWidget(box)
    label = QtWidgets.QLabel(" ".join([LONG] * 4), box)
    label.setWordWrap(True)
    box.show()
    label.resize(300, label.heightForWidth(300))
    assert cut_texts(box) == []
    label.resize(300, label.heightForWidth(300) // 2)
    assert len(cut_texts(box)) == 1
