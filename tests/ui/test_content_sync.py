"""Content that sync brings while the kiosk runs: against a real central on 127.0.0.1, a device
enrolled through the command line, a pack signed and published with the real commands.

The kiosk's background sync installs the new pack at once, but the screens switch to it only
when the visit ends (or at once when nobody is using the kiosk); wallet cards then carry the new
pack's contacts. The Sync tab shows the content version and why a pack was not installed. The
outreach window syncs the same way and switches packs only on its session list.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from central_process import CentralProcess
from content_packs import SHIPPED_VERSION, Publisher, kiosk, new_pack, new_publisher, publish
from fleet import new_code, new_site

from kiosk.config import Settings
from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url
from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton
TIP_LINE = "tfw-tip-line"
NEW_TIP_LINE_NAME = "Temporary Foreign Worker Program tip line (Service Canada, 2099 pack)"
WAIT_MS = 60_000


@pytest.fixture
def central(tmp_path: Path) -> Iterator[tuple[CentralProcess, CentralDatabase]]:
    folder = tmp_path / "central"
    folder.mkdir()
    database = open_central_database(sqlite_url(folder / "central.sqlite3"))
    server = CentralProcess(database.url, folder).start()
    yield server, database
    server.stop()
    database.close()


@pytest.fixture
def publishers(tmp_path: Path) -> tuple[Publisher, Publisher]:
    return new_publisher(tmp_path, "publisher"), new_publisher(tmp_path, "stranger")


def enrolled_settings(
    central: tuple[CentralProcess, CentralDatabase],
    data_dir: Path,
    publisher: Publisher,
    **more: object,
) -> Settings:
    """Settings of a device enrolled through the command line, trusting ``publisher``."""
    server, database = central
    enrolled = kiosk(
        data_dir, "enrol", new_code(database, new_site(database)), "--central", server.url
    )
    assert enrolled.returncode == 0, enrolled.stderr
    return Settings(data_dir=data_dir, trusted_keys=(publisher.public,), **more)  # type: ignore[arg-type]


def rename_tip_line(folder: Path) -> None:
    contacts = folder / "contacts.toml"
    text = contacts.read_text("utf-8")
    old = 'en = "Temporary Foreign Worker Program tip line (Service Canada)"'
    assert old in text
    contacts.write_text(text.replace(old, f'en = "{NEW_TIP_LINE_NAME}"', 1), "utf-8")


def card_tip_line(window, qtbot) -> str:  # type: ignore[no-untyped-def]
    """The English name of the tip line on a card made now."""
    with qtbot.waitSignal(window.card.printer.prepared, timeout=WAIT_MS) as prepared:
        window.card.printer.prepare("en")
    codes = prepared.args[1]
    assert codes is not None
    return str(codes.content.tip_line.name_english)


@pytest.fixture
def running_kiosk(kiosk_app, qtbot, central, publishers, tmp_path):  # type: ignore[no-untyped-def]
    from ui.kiosk.app import Kiosk

    settings = enrolled_settings(central, tmp_path / "device", publishers[0])
    running = Kiosk(settings)
    qtbot.addWidget(running.window)
    running.window.resize(1280, 800)
    running.window.show()
    with qtbot.waitSignal(running.ready, timeout=WAIT_MS):
        running.open_storage()
    assert running.sync is not None  # enrolled: the background sync runs
    qtbot.waitUntil(lambda: running.sync.last.last_success is not None, timeout=WAIT_MS)
    yield running
    running.close()


def test_the_kiosk_switches_to_a_synced_pack_only_when_the_visit_ends(  # type: ignore[no-untyped-def]
    running_kiosk, qtbot, central, publishers, tmp_path
) -> None:
    kiosk_ = running_kiosk
    window = kiosk_.window
    publisher = publishers[0]
    assert kiosk_.sync.last.content_version == SHIPPED_VERSION
    assert card_tip_line(window, qtbot) != NEW_TIP_LINE_NAME

    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["es"], LEFT)
    assert window.current_screen() is window.topics  # a visitor is reading
    pack = new_pack(tmp_path / "pack", "2099.1.0", publisher, rename_tip_line)
    publish(central[1].url, pack, publisher)
    kiosk_.sync.sync_now()
    qtbot.waitUntil(
        lambda: kiosk_.sync.last.content_version == "2099.1.0", timeout=WAIT_MS
    )  # installed on disk by the sync thread...
    qtbot.wait(200)  # ...and its report handled on the GUI thread
    assert window.current_screen() is window.topics  # ...but the visit goes on
    assert window.pack.version == SHIPPED_VERSION
    assert kiosk_.active_pack.pack.version == SHIPPED_VERSION

    qtbot.mouseClick(window.topics.done_button, LEFT)  # the visit ends
    assert window.current_screen() is window.attract
    assert window.pack.version == "2099.1.0"
    assert (kiosk_.active_pack.pack.version, kiosk_.active_pack.origin) == ("2099.1.0", "installed")
    assert card_tip_line(window, qtbot) == NEW_TIP_LINE_NAME  # cards carry the new contacts
    assert kiosk_.reach.content_version == "2099.1.0"  # and counts the content they were shown
    kiosk_.reach.record("visit")
    latest = kiosk_.reach.unsynced_batch(limit=1_000)[-1]
    assert latest["content_version"] == "2099.1.0"

    # Nobody at the kiosk: the next pack is shown as soon as sync has installed it.
    publish(central[1].url, new_pack(tmp_path / "next", "2099.2.0", publisher), publisher)
    kiosk_.sync.sync_now()
    qtbot.waitUntil(lambda: window.pack.version == "2099.2.0", timeout=WAIT_MS)
    assert window.current_screen() is window.attract


def test_the_sync_tab_shows_the_content_version_and_a_refusal(  # type: ignore[no-untyped-def]
    running_kiosk, qtbot, central, publishers, tmp_path
) -> None:
    from ui.admin.sync_panel import SyncPanel

    kiosk_ = running_kiosk
    window = kiosk_.window
    window.open_admin()  # no PIN outside kiosk mode
    admin = window.admin
    assert admin is not None and window.current_screen() is admin
    panel = next(widget for widget in admin.findChildren(SyncPanel))
    assert f"Content version: \u2066{SHIPPED_VERSION}\u2069" in panel.summary.text()
    assert not panel.content_error.isVisibleTo(panel)

    stranger = publishers[1]
    publish(central[1].url, new_pack(tmp_path / "theirs", "2099.5.0", stranger), stranger)
    kiosk_.sync.sync_now()
    qtbot.waitUntil(lambda: panel.content_error.isVisibleTo(panel), timeout=WAIT_MS)
    assert panel.content_error.text().startswith("New content not installed: ")
    assert "not signed by a key this device trusts" in panel.content_error.text()
    assert f"Content version: \u2066{SHIPPED_VERSION}\u2069" in panel.summary.text()
    refusal = kiosk_.last_refusal()  # what the Content tab lists, with its reasons
    assert refusal is not None and "2099.5.0" in refusal.source

    publisher = publishers[0]
    publish(central[1].url, new_pack(tmp_path / "ours", "2099.6.0", publisher), publisher)
    kiosk_.sync.sync_now()
    qtbot.waitUntil(lambda: "2099.6.0" in panel.summary.text(), timeout=WAIT_MS)
    assert not panel.content_error.isVisibleTo(panel)
    assert window.current_screen() is admin  # the admin is not thrown out
    assert window.pack.version == SHIPPED_VERSION  # shown from the next visit


def test_the_sync_tab_shows_that_sync_goes_on_after_an_unexpected_error(  # type: ignore[no-untyped-def]
    running_kiosk, qtbot
) -> None:
    from ui.admin.sync_panel import SyncPanel

    kiosk_ = running_kiosk
    window = kiosk_.window
    window.open_admin()
    panel = next(widget for widget in window.admin.findChildren(SyncPanel))
    assert not panel.error.isVisibleTo(panel)

    # The outbox's counter table is gone (a damaged database): no sync code expects that.
    with sqlite3.connect(kiosk_.database.path) as connection:
        connection.execute("ALTER TABLE reach_counter RENAME TO reach_counter_lost")
    kiosk_.sync.sync_now()
    qtbot.waitUntil(lambda: panel.error.isVisibleTo(panel), timeout=WAIT_MS)
    text = panel.error.text()
    assert "Last error: unexpected error: OperationalError: " in text
    assert "no such table: reach_counter" in text
    assert re.search(r"Sync is still running: next attempt at \u2066\d\d:\d\d:\d\d\u2069", text)
    failures = kiosk_.sync.last
    qtbot.waitUntil(lambda: kiosk_.sync.last is not failures, timeout=WAIT_MS)  # tried again
    assert kiosk_.sync.last.last_error is not None and not kiosk_.sync.last.stopped

    with sqlite3.connect(kiosk_.database.path) as connection:
        connection.execute("ALTER TABLE reach_counter_lost RENAME TO reach_counter")
    kiosk_.sync.sync_now()
    qtbot.waitUntil(lambda: not panel.error.isVisibleTo(panel), timeout=WAIT_MS)
    assert kiosk_.sync.last.last_error is None and kiosk_.sync.last.retry_at is None
    assert panel.button.isEnabled()


def test_the_outreach_window_syncs_and_switches_on_its_session_list(  # type: ignore[no-untyped-def]
    kiosk_app, qtbot, central, publishers, tmp_path
) -> None:
    from ui.outreach.window import Outreach

    publisher = publishers[0]
    settings = enrolled_settings(central, tmp_path / "laptop", publisher, mode="outreach")
    running = Outreach(settings)
    qtbot.addWidget(running.window)
    running.window.resize(1280, 800)
    running.window.show()
    try:
        with qtbot.waitSignal(running.ready, timeout=WAIT_MS):
            running.open_storage()
        assert running.sync is not None
        window = running.window
        qtbot.mouseClick(window.sessions.new_button, LEFT)
        assert window.stack.currentWidget() is window.form  # a session is being recorded
        old_form = window.form

        publish(central[1].url, new_pack(tmp_path / "pack", "2099.1.0", publisher), publisher)
        running.sync.sync_now()
        qtbot.waitUntil(lambda: running.sync.last.content_version == "2099.1.0", timeout=WAIT_MS)
        qtbot.wait(200)
        assert window.form is old_form and window.stack.currentWidget() is old_form
        assert running.pack.version == SHIPPED_VERSION

        window.show_sessions()  # the session is left: nothing is recorded or presented
        assert running.pack.version == window.pack.version == "2099.1.0"
        assert window.form is not old_form
        qtbot.mouseClick(window.sessions.new_button, LEFT)
        assert window.stack.currentWidget() is window.form
    finally:
        running.close()
