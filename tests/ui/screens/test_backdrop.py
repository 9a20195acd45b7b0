"""The window's two full-size containers paint no background of their own (the window behind
them has the same colour), in normal colours and in high contrast alike."""

from __future__ import annotations

from ui.qt import QtCore, QtGui

STYLED = QtCore.Qt.WidgetAttribute.WA_StyledBackground


def colour_at(window, x: int, y: int) -> str:  # type: ignore[no-untyped-def]
    window.grab()
    return str(QtGui.QColor(window.grab().toImage().pixel(x, y)).name())


def test_containers_leave_the_background_to_the_window(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    window.start_visit()
    window.choose_language("en")
    qtbot.waitUntil(lambda: not window.topic_page.documents.preparing)
    window.choose_topic(window.pack.topics[0])
    for high_contrast, colour in ((False, "#f7f5f0"), (True, "#000000")):
        window.set_high_contrast(high_contrast)  # a new sheet polishes every widget again
        for container in (window.visit_frame, window.top_bar):
            assert not container.testAttribute(STYLED)
        assert colour_at(window, window.width() // 2, 20) == colour  # the empty top bar
        assert colour_at(window, 20, window.height() // 2) == colour  # the page's margin
