"""Staff screens through real widgets: the PIN pad, the admin tabs, kiosk mode's locked window."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

from kiosk import i18n
from kiosk.admin_pin import hash_pin
from kiosk.content import load_pack
from ui.qt import QtCore, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
PIN = "2468"


def shown(label) -> str:  # type: ignore[no-untyped-def]
    """A label's text without the bidi isolation marks that keep paths in order in Arabic."""
    return re.sub("[\u2066-\u2069]", "", label.text())


def hold_corner(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Desk staff hold a finger on the attract screen's top-left corner."""
    window.attract._hold.setInterval(100)
    qtbot.mousePress(window.attract, LEFT, pos=QtCore.QPoint(10, 10))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.attract, timeout=3000)


def type_pin(window, qtbot, pin: str) -> None:  # type: ignore[no-untyped-def]
    for digit in pin:
        qtbot.mouseClick(window.pin.keys[digit], LEFT)
    qtbot.mouseClick(window.pin.keys["ok"], LEFT)


def test_a_short_tap_in_the_corner_starts_a_visit(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(admin_pin_hash=hash_pin(PIN)).window
    qtbot.mouseClick(window.attract, LEFT, pos=QtCore.QPoint(10, 10))
    assert window.stack.currentWidget() is window.languages


def test_pin_opens_admin_and_wrong_pins_lock_the_pad(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(admin_pin_hash=hash_pin(PIN), kiosk_mode=True).window
    hold_corner(window, qtbot)
    assert window.stack.currentWidget() is window.pin
    assert not window.visit.active  # staff are not visitors
    type_pin(window, qtbot, "1111")
    assert window.pin.message.text() == "Wrong PIN."
    assert window.stack.currentWidget() is window.pin
    type_pin(window, qtbot, PIN)
    assert window.stack.currentWidget() is window.admin
    qtbot.mouseClick(window.admin.back_button, LEFT)
    assert window.stack.currentWidget() is window.attract

    hold_corner(window, qtbot)
    for _ in range(5):
        type_pin(window, qtbot, "0000")
    assert "Too many wrong PINs" in window.pin.message.text()
    assert not window.pin.keys["ok"].isEnabled()
    qtbot.mouseClick(window.pin.cancel_button, LEFT)
    assert window.stack.currentWidget() is window.attract


def test_kiosk_mode_without_a_pin_keeps_admin_closed(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(kiosk_mode=True).window
    hold_corner(window, qtbot)
    assert window.stack.currentWidget() is window.pin
    assert "outreach-kiosk admin-pin" in window.pin.message.text()
    assert not window.pin.keys["1"].isEnabled()


def test_windowed_without_a_pin_opens_admin_directly(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    hold_corner(window, qtbot)
    assert window.stack.currentWidget() is window.admin


def test_admin_shows_pack_refusal_contacts_and_data_folder(make_kiosk, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(contact_max_age_days=30, site="yvr-arrivals")
    window = kiosk.window
    hold_corner(window, qtbot)
    admin = window.admin
    content = admin.content
    assert shown(content.pack) == f"bc-orientation {kiosk.pack.version}"
    assert shown(content.origin) == "shipped with the application"
    assert shown(content.signer) == "not signed"
    assert "Español (draft)" in shown(content.languages)
    assert shown(content.refused) == "none"

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as bundle:
        bundle.writestr("../escape.md", "x")
    assert not content.install(bad)
    assert shown(content.refused).startswith(f"{bad}, at ")
    assert "path escapes the pack folder" in content.reasons.toPlainText()
    assert content.result.text() == "The pack was refused. The reasons are listed above."
    assert kiosk.active_pack.origin == "shipped"  # nothing changed

    contacts = admin.contacts
    newest = max(contact.verified_on for contact in kiosk.pack.contacts)
    contacts.refresh(today=newest)
    assert contacts.summary.text() == "Every contact was checked in the last 30 days."
    assert contacts.table.isHidden()
    contacts.refresh(today=date.fromordinal(newest.toordinal() + 31))
    count = len(kiosk.pack.contacts)
    assert contacts.summary.text().startswith(f"{count} contacts were last checked more than 30")
    assert contacts.table.rowCount() == count
    assert contacts.table.item(0, 1).text() in {contact.phone for contact in kiosk.pack.contacts}

    admin.tabs.setCurrentWidget(admin.device)
    assert shown(admin.device.data_folder) == str(kiosk.settings.resolved_data_dir())
    assert shown(admin.device.site) == "yvr-arrivals"
    assert shown(admin.device.device).startswith("dev-")


def test_admin_installs_a_pack_and_the_next_visit_shows_it(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(allow_unsigned_packs=True)
    window = kiosk.window
    added = set(load_pack(world_pack).languages) - set(window.languages.buttons)
    assert added  # world_pack has a language the shipped pack does not
    hold_corner(window, qtbot)
    assert window.admin.content.install(world_pack)
    assert shown(window.admin.content.result) == "Installed: bc-orientation 2099.1.0"
    assert shown(window.admin.content.origin).startswith("installed: ")
    qtbot.mouseClick(window.admin.back_button, LEFT)
    qtbot.mouseClick(window.attract, LEFT)
    assert added <= set(window.languages.buttons)


def test_assisted_mode_is_switched_from_the_admin_screen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    hold_corner(window, qtbot)
    button = window.admin.device.assisted_button
    qtbot.mouseClick(button, LEFT)
    assert window.assisted_mode and button.text() == "Assisted mode: on"
    qtbot.mouseClick(window.admin.back_button, LEFT)
    qtbot.mouseClick(window.attract, LEFT)
    assert window.visit.assisted


def test_admin_screen_closes_itself_when_left_alone(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    hold_corner(window, qtbot)
    window.idle.set_timeout_ms(200)
    window.idle.arm()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.attract, timeout=5000)


def test_kiosk_mode_window_cannot_be_closed_but_admin_can_quit(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(admin_pin_hash=hash_pin(PIN), kiosk_mode=True).window
    window.enter_kiosk_mode()
    flags = window.windowFlags()
    assert flags & QtCore.Qt.WindowType.FramelessWindowHint
    assert flags & QtCore.Qt.WindowType.WindowStaysOnTopHint
    assert window.isFullScreen() or window.windowState() & QtCore.Qt.WindowState.WindowFullScreen
    assert not window.close()  # Alt+F4, the window manager's close: refused
    assert window.isVisible()
    hold_corner(window, qtbot)
    type_pin(window, qtbot, PIN)
    with qtbot.waitSignal(window.quit_requested):
        qtbot.mouseClick(window.admin.device.quit_button, LEFT)
    assert not window.isVisible()


def test_the_admin_screen_has_room_for_more_panels(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window

    class Panel(QtWidgets.QLabel):
        refreshed = 0

        def refresh(self) -> None:
            self.refreshed += 1

    panel = Panel()
    window.admin.add_panel("Printer", panel)
    hold_corner(window, qtbot)
    assert window.admin.tabs.tabText(window.admin.tabs.indexOf(panel)) == "Printer"
    assert panel.refreshed == 1


def test_the_kiosk_tab_says_whether_the_clock_looks_right(make_kiosk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    hold_corner(window, qtbot)
    device = window.admin.device
    today = kiosk.reach.clock().date().isoformat()
    assert shown(device.clock) == f"{today} (looks right)"

    # The real-time clock's battery died: the computer thinks it is 1970.
    monkeypatch.setattr(kiosk.reach, "_clock", lambda: datetime(1970, 1, 1, 0, 5).astimezone())
    device.refresh()
    assert shown(device.clock) == (
        "Clock looks wrong: 1970-01-01 is before this software existed. Set this computer's "
        "date and time. Counts made meanwhile are dated on the day they reach the central server."
    )
    i18n.activate("es")
    try:
        device.refresh()
        assert shown(device.clock).startswith("El reloj parece incorrecto: 1970-01-01 ")
    finally:
        i18n.activate("en")
