"""The cut-text check itself: it finds a cut label or button and passes whole ones."""

from __future__ import annotations

import pytest

from tests.ui.text_fit import cut_texts
from ui.qt import QtWidgets

LONG = "Open Work Permit if You Are Abused"


@pytest.fixture
def box(kiosk_app, qtbot) -> QtWidgets.QWidget:  # type: ignore[no-untyped-def]
    """A shown container with room for what the tests put in it."""
    container = QtWidgets.QWidget()
    qtbot.addWidget(container)
    container.resize(800, 300)
    return container


def test_a_button_too_narrow_for_its_text_is_found(box) -> None:  # type: ignore[no-untyped-def]
    button = QtWidgets.QPushButton(LONG, box)
    box.show()
    button.resize(button.sizeHint())
    assert cut_texts(box) == []
    button.resize(button.sizeHint().width() // 2, button.sizeHint().height())
    found = cut_texts(box)
    assert len(found) == 1 and LONG in found[0]


def test_a_label_too_short_for_its_lines_is_found(box) -> None:  # type: ignore[no-untyped-def]
    label = QtWidgets.QLabel(" ".join([LONG] * 4), box)
    label.setWordWrap(True)
    box.show()
    label.resize(300, label.heightForWidth(300))
    assert cut_texts(box) == []
    label.resize(300, label.heightForWidth(300) // 2)
    assert len(cut_texts(box)) == 1


def test_a_button_sticking_out_of_its_container_is_found(box) -> None:  # type: ignore[no-untyped-def]
    """As a topic button wider than a right-to-left scroll area was cut at its left edge."""
    button = QtWidgets.QPushButton(LONG, box)
    box.show()
    button.setGeometry(0, 0, button.sizeHint().width(), button.sizeHint().height())
    assert cut_texts(box) == []
    button.move(-60, 0)  # its start outside the container
    found = cut_texts(box)
    assert len(found) == 1 and "px wide are on screen" in found[0]
