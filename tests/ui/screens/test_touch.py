"""Touch as a visitor and desk staff give it: to the window, wherever the finger lands.

Input goes to the kiosk's QWindow, as the platform delivers a touch, so the widget under the
finger is found the way Qt finds it for a real screen: a strip or frame that swallows touches
fails these tests, where sending a click straight to a screen widget would not notice it.
"""

from __future__ import annotations

from kiosk.admin_pin import hash_pin
from ui.qt import QtCore, QtGui, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
RIGHT = QtCore.Qt.MouseButton.RightButton
PIN = "2468"


def tap(qtbot, window, x: int, y: int) -> None:  # type: ignore[no-untyped-def]
    surface = window.windowHandle()
    point = QtCore.QPoint(x, y)
    qtbot.mousePress(surface, LEFT, pos=point)
    qtbot.mouseRelease(surface, LEFT, pos=point)


def test_a_tap_anywhere_on_the_attract_screen_starts_a_visit(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    width, height = window.width(), window.height()
    for x, y in ((width // 2, 10), (width - 10, 10), (10, height - 10), (width // 2, height // 2)):
        assert window.current_screen() is window.attract
        tap(qtbot, window, x, y)
        assert window.current_screen() is window.languages, (x, y)
        window.end_visit_done()


def test_holding_the_real_top_left_corner_opens_the_pin_pad(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(admin_pin_hash=hash_pin(PIN), kiosk_mode=True).window
    window.attract._hold.setInterval(200)
    qtbot.mousePress(window.windowHandle(), LEFT, pos=QtCore.QPoint(4, 4))
    qtbot.waitUntil(lambda: window.current_screen() is window.pin, timeout=3000)
    assert not window.visit.active  # staff are not visitors


def test_a_tap_anywhere_on_are_you_still_there_continues(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    tap(qtbot, window, 600, 400)
    qtbot.mouseClick(window.languages.buttons["en"], LEFT)
    window.on_idle()  # the idle timeout, without waiting for it
    assert window.current_screen() is window.still_there
    question = window.still_there.question
    centre = question.mapTo(window, question.rect().center())
    tap(qtbot, window, centre.x(), centre.y())  # on the question, not on the button
    assert window.current_screen() is window.topics
    assert window.visit.active


def test_a_topic_page_has_no_context_menu_and_no_selection(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    tap(qtbot, window, 600, 400)
    qtbot.mouseClick(window.languages.buttons["en"], LEFT)
    window.choose_topic(window.pack.topics[0])
    browser = window.topic_page.browser
    qtbot.waitUntil(lambda: browser.toPlainText() != "", timeout=5000)
    viewport = browser.viewport()
    inside = viewport.rect().center()
    request = QtGui.QContextMenuEvent(  # what a right click or a long press asks for
        QtGui.QContextMenuEvent.Reason.Mouse, inside, viewport.mapToGlobal(inside)
    )
    QtCore.QCoreApplication.sendEvent(viewport, request)
    qtbot.wait(100)
    assert QtWidgets.QApplication.activePopupWidget() is None
    qtbot.mousePress(viewport, RIGHT, pos=inside)
    qtbot.mouseRelease(viewport, RIGHT, pos=inside)
    qtbot.wait(100)
    assert QtWidgets.QApplication.activePopupWidget() is None
    # a press and drag across the text selects nothing
    qtbot.mousePress(viewport, LEFT, pos=QtCore.QPoint(20, 20))
    qtbot.mouseMove(viewport, QtCore.QPoint(300, 120))
    qtbot.mouseRelease(viewport, LEFT, pos=QtCore.QPoint(300, 120))
    assert not browser.textCursor().hasSelection()
