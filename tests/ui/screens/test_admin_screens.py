"""Staff screens through real widgets: the PIN pad, the admin tabs, kiosk mode's locked window."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk import i18n
from kiosk.admin_pin import hash_pin
from kiosk.packs.authoring import sign_pack, zip_pack
from kiosk.packs.load import load_pack
from kiosk.packs.manifest import generate_key
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
    qtbot.waitUntil(lambda: window.current_screen() is not window.attract, timeout=3000)


def type_pin(window, qtbot, pin: str) -> None:  # type: ignore[no-untyped-def]
    for digit in pin:
        qtbot.mouseClick(window.pin.keys[digit], LEFT)
    qtbot.mouseClick(window.pin.keys["ok"], LEFT)


def test_a_short_tap_in_the_corner_starts_a_visit(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(admin_pin_hash=hash_pin(PIN)).window
    qtbot.mouseClick(window.attract, LEFT, pos=QtCore.QPoint(10, 10))
    assert window.current_screen() is window.languages


def test_pin_opens_admin_and_wrong_pins_lock_the_pad(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(admin_pin_hash=hash_pin(PIN), kiosk_mode=True).window
    hold_corner(window, qtbot)
    assert window.current_screen() is window.pin
    assert not window.visit.active  # staff are not visitors
    type_pin(window, qtbot, "1111")
    assert window.pin.message.text() == "Wrong PIN."
    assert window.current_screen() is window.pin
    type_pin(window, qtbot, PIN)
    assert window.current_screen() is window.admin
    qtbot.mouseClick(window.admin.back_button, LEFT)
    assert window.current_screen() is window.attract

    hold_corner(window, qtbot)
    for _ in range(5):
        type_pin(window, qtbot, "0000")
    assert "Too many wrong PINs" in window.pin.message.text()
    assert not window.pin.keys["ok"].isEnabled()
    qtbot.mouseClick(window.pin.cancel_button, LEFT)
    assert window.current_screen() is window.attract


def test_kiosk_mode_without_a_pin_keeps_admin_closed(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(kiosk_mode=True).window
    hold_corner(window, qtbot)
    assert window.current_screen() is window.pin
    assert "outreach-kiosk admin-pin" in window.pin.message.text()
    assert not window.pin.keys["1"].isEnabled()


def test_windowed_without_a_pin_opens_admin_directly(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk().window
    hold_corner(window, qtbot)
    assert window.current_screen() is window.admin


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
    assert not admin.packs.install(bad)
    assert shown(admin.packs.result) == "bad.zip was refused; the kiosk keeps the pack it has. Why:"
    assert "path escapes the pack folder" in admin.packs.reasons.toPlainText()
    assert shown(content.refused).startswith(f"{bad}, at ")
    assert "path escapes the pack folder" in content.reasons.toPlainText()
    assert kiosk.active_pack.origin == "shipped"  # nothing changed

    contacts = admin.contacts
    newest = max(contact.verified_on for contact in kiosk.pack.contacts)
    # Read on their pages the very day, but never called: every number is listed for a call.
    contacts.refresh(today=newest)
    count = len(kiosk.pack.contacts)
    assert contacts.summary.text() == (
        f"{count} numbers need a call: never called, or last called more than 30 days ago."
    )
    assert not contacts.table.isHidden()
    assert contacts.table.rowCount() == count
    assert contacts.table.item(0, 1).text() in {contact.phone for contact in kiosk.pack.contacts}
    last_calls = {contacts.table.item(row, 2).text() for row in range(count)}
    assert last_calls == {"never called; read on its official page on 2026-11-21"}
    notes = [contacts.table.item(row, 3).text() for row in range(count)]
    assert any("Call it before the next print run" in note for note in notes)
    # on the kiosk's smallest screen every column is in view, its text wrapped, the source
    # page in each row's tooltip: nothing to scroll sideways to
    admin.tabs.setCurrentWidget(contacts)
    admin.window().resize(1024, 768)
    qtbot.waitUntil(lambda: contacts.table.viewport().width() > 0)
    QtWidgets.QApplication.processEvents()
    assert contacts.table.horizontalScrollBar().maximum() == 0
    assert contacts.table.item(0, 0).toolTip().startswith("https://")

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
    assert window.admin.packs.install(world_pack)
    assert shown(window.admin.packs.result) == "Installed: bc-orientation 2099.1.0"
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
    qtbot.waitUntil(lambda: window.current_screen() is window.attract, timeout=5000)


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


def signed_zip(pack: Path, folder: Path, name: str) -> tuple[Path, str]:
    """``pack`` signed by a new publisher key and zipped as ``folder/name``; the public key."""
    public_file, _text = generate_key(folder.parent / f"{name}.key")
    sign_pack(pack, folder.parent / f"{name}.key")
    folder.mkdir(parents=True, exist_ok=True)
    archive = zip_pack(pack, folder / name)
    return archive, public_file.read_text("utf-8").split()[0]


def visible_windows(window) -> list[QtWidgets.QWidget]:  # type: ignore[no-untyped-def]
    """Every visible top-level window besides the kiosk's own."""
    return [
        widget
        for widget in QtWidgets.QApplication.topLevelWidgets()
        if widget.isVisible() and widget is not window
    ]


def row_texts(table: QtWidgets.QTableWidget) -> list[list[str]]:
    return [
        [re.sub("[\u2066-\u2069]", "", table.item(row, column).text()) for column in range(3)]
        for row in range(table.rowCount())
    ]


def test_the_content_tab_installs_packs_from_a_stick_and_the_drop_folder(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, world_pack, tmp_path
) -> None:
    media = tmp_path / "media"
    stick = media / "desk" / "KIOSK-STICK"
    archive, public = signed_zip(world_pack, stick / "packs", "bc-orientation-2099.1.0.zip")
    (stick / "notes.txt").write_text("not a pack", "utf-8")
    (stick / ".hidden.zip").write_bytes(archive.read_bytes())
    (stick / "elsewhere.zip").symlink_to(archive)  # a link may point anywhere: not offered
    kiosk = make_kiosk(trusted_keys=(public,))
    kiosk.media_roots = (media,)
    drop = kiosk.settings.resolved_data_dir() / "incoming-packs"
    window = kiosk.window
    hold_corner(window, qtbot)
    packs = window.admin.packs
    assert drop.is_dir()  # made when the admin screen opens
    assert shown(packs.note) == f"Choose a pack, then install it. Drop folder: \n{drop}"
    assert row_texts(packs.packs) == [
        [
            archive.name,
            "USB stick or disk: KIOSK-STICK",
            f"{round(archive.stat().st_size / 1000)} kB",
        ]
    ]
    assert not packs.install_button.isEnabled()  # nothing chosen yet

    # A damaged zip copied into the drop folder: found after "Look again", and refused.
    (drop / "damaged.zip").write_bytes(b"PK\x03\x04 not really a zip")
    qtbot.mouseClick(packs.look_again_button, LEFT)
    assert [row[:2] for row in row_texts(packs.packs)] == [
        ["damaged.zip", "drop folder"],
        [archive.name, "USB stick or disk: KIOSK-STICK"],
    ]
    packs.packs.selectRow(0)
    qtbot.mouseClick(packs.install_button, LEFT)
    box = packs.confirmation
    assert box is not None and box.isVisible() and box.parentWidget() is packs
    assert "damaged.zip" in box.text()
    qtbot.mouseClick(box.button(QtWidgets.QMessageBox.StandardButton.Yes), LEFT)
    assert shown(packs.result).startswith("damaged.zip was refused")
    assert "cannot be read as a zip" in packs.reasons.toPlainText()
    assert kiosk.active_pack.origin == "shipped"
    assert shown(window.admin.content.refused).startswith(f"{drop / 'damaged.zip'}, at ")

    # The signed pack on the stick goes through the same checks, and is installed.
    packs.packs.selectRow(1)
    qtbot.mouseClick(packs.install_button, LEFT)
    box = packs.confirmation
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QtWidgets.QMessageBox.StandardButton.Yes), LEFT)
    assert shown(packs.result) == "Installed: bc-orientation 2099.1.0"
    assert not packs.reasons.isVisibleTo(packs)
    assert shown(window.admin.content.pack) == "bc-orientation 2099.1.0"
    assert kiosk.active_pack.signer is not None
    assert window.current_screen() is window.admin  # the result stays on the screen
    assert visible_windows(window) == []
    qtbot.mouseClick(window.admin.back_button, LEFT)
    assert window.pack.version == "2099.1.0"


def test_no_file_dialog_can_be_reached_from_the_admin_screen(make_kiosk, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    media = tmp_path / "media"
    (media / "desk" / "STICK").mkdir(parents=True)
    (media / "desk" / "STICK" / "pack.zip").write_bytes(b"PK not a zip")
    kiosk = make_kiosk(admin_pin_hash=hash_pin(PIN), kiosk_mode=True)
    kiosk.media_roots = (media,)
    window = kiosk.window
    hold_corner(window, qtbot)
    type_pin(window, qtbot, PIN)
    admin = window.admin
    assert window.current_screen() is admin
    seen: list[str] = []

    def close_what_opened() -> None:
        """Whatever a button opened, noted and closed (a file dialog would wait for an answer)."""
        for widget in visible_windows(window):
            seen.append(type(widget).__name__)
            if isinstance(widget, QtWidgets.QFileDialog) or widget.findChildren(
                QtWidgets.QFileSystemModel
            ):
                seen.append("file system")
            widget.close()

    skip = {admin.back_button, admin.device.quit_button}
    for index in range(admin.tabs.count()):
        admin.tabs.setCurrentIndex(index)
        tab = admin.tabs.widget(index)
        for button in tab.findChildren(QtWidgets.QPushButton):
            for table in tab.findChildren(QtWidgets.QTableWidget):
                table.selectRow(0)  # a pack chosen, for its Install button
            if button in skip or not button.isVisibleTo(tab) or not button.isEnabled():
                continue
            QtCore.QTimer.singleShot(300, close_what_opened)
            qtbot.mouseClick(button, LEFT)
            qtbot.wait(400)
    assert seen == ["QMessageBox"]  # the confirmation before installing, and nothing else
    assert "QFileDialog" not in seen and "file system" not in seen
    assert not [
        w for w in QtWidgets.QApplication.allWidgets() if isinstance(w, QtWidgets.QFileDialog)
    ]
    assert window.current_screen() is admin


@pytest.mark.parametrize("ending", ["timeout", "lock", "visit reset"])
def test_admin_dialogs_close_when_the_admin_session_ends(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, tmp_path, ending
) -> None:
    media = tmp_path / "media"
    (media / "desk" / "STICK").mkdir(parents=True)
    (media / "desk" / "STICK" / "pack.zip").write_bytes(b"PK not a zip")
    kiosk = make_kiosk(admin_pin_hash=hash_pin(PIN), kiosk_mode=True)
    kiosk.media_roots = (media,)
    window = kiosk.window
    hold_corner(window, qtbot)
    type_pin(window, qtbot, PIN)
    packs = window.admin.packs
    packs.packs.selectRow(0)
    qtbot.mouseClick(packs.install_button, LEFT)
    box = packs.confirmation
    assert box is not None and box.isVisible() and box.isModal()
    assert visible_windows(window) == [box]

    if ending == "timeout":
        window.idle.set_timeout_ms(600)
        window.idle.arm()
        for _touch in range(10):  # staff touching the dialog keep the session open
            # through its window, as a real touch arrives (a widget click skips the window)
            qtbot.mouseClick(box.windowHandle(), LEFT, pos=QtCore.QPoint(4, 4))
            qtbot.wait(100)
        assert window.current_screen() is window.admin and box.isVisible()
        qtbot.waitUntil(lambda: window.current_screen() is window.attract, timeout=5000)
    elif ending == "lock":
        window.admin.back_button.click()  # the admin's "Back to the kiosk" locks it again
    else:
        window.end_visit("idle")  # what the kiosk does after an unexpected error, too
    qtbot.waitUntil(lambda: visible_windows(window) == [], timeout=5000)
    assert window.current_screen() is window.attract
    assert packs.result.text() == ""  # nothing was installed
    assert kiosk.active_pack.origin == "shipped"
    assert kiosk.last_refusal() is None


def test_last_call_counts_days_from_the_call_and_says_never_called() -> None:
    """The admin screen's words for a called number and for one only read on a page."""
    from ui.admin.panels import call_status

    pack = load_pack()
    read = next(contact for contact in pack.contacts if contact.id == "tfw-tip-line")
    assert read.verified_how == "official page"
    today = date(2027, 3, 1)
    assert call_status(read, today) == "never called; read on its official page on 2026-11-21"
    assert read.needs_call(today, 3650)

    called = dataclasses.replace(
        read, verified_how="called", verified_on=date(2027, 2, 19), page_date=None
    )
    assert call_status(called, today) == "called 2027-02-19, 10 days ago"
    assert not called.needs_call(today, 30)
    assert called.needs_call(date(2027, 3, 22), 30)  # 31 days after the call
    assert call_status(called, date(2027, 2, 20)) == "called 2027-02-19, 1 day ago"
    assert not dataclasses.replace(called, doubt="").needs_call(today, 30)
    assert dataclasses.replace(called, doubt="Other numbers on the page").needs_call(today, 30)
