"""kiosk.sd_notify: messages reach a real datagram socket, by path and abstract name, and the
watchdog's interval follows systemd's variables."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

from kiosk.sd_notify import Notifier, socket_address, watchdog_interval_ms


def receive(listener: socket.socket) -> str:
    listener.settimeout(5)
    return listener.recv(4096).decode()


def test_a_message_reaches_a_socket_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(path))
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": str(path)})
        assert notifier is not None
        assert notifier.send("READY=1", "STATUS=up")
        assert receive(listener) == "READY=1\nSTATUS=up"
        notifier.close()


def test_a_name_starting_with_at_is_an_abstract_socket() -> None:
    name = f"outreach-kiosk-test-{uuid.uuid4().hex}"
    assert socket_address(f"@{name}") == b"\0" + name.encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(b"\0" + name.encode())
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": f"@{name}"})
        assert notifier is not None
        assert notifier.send("WATCHDOG=1")
        assert receive(listener) == "WATCHDOG=1"
        notifier.close()


def test_without_a_notify_socket_there_is_nothing_to_tell() -> None:
    assert Notifier.from_environment({}) is None
    assert Notifier.from_environment({"NOTIFY_SOCKET": "relative/name"}) is None


def test_a_service_manager_that_went_away_is_not_an_error(tmp_path: Path) -> None:
    notifier = Notifier(str(tmp_path / "gone"))
    assert notifier.send("WATCHDOG=1") is False
    notifier.close()


def test_pings_come_twice_per_watchdog_period() -> None:
    pid, parent = os.getpid(), os.getppid()
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000"}, pid, parent) == 15_000
    assert watchdog_interval_ms({}, pid, parent) is None
    assert watchdog_interval_ms({"WATCHDOG_USEC": "0"}, pid, parent) is None
    assert watchdog_interval_ms({"WATCHDOG_USEC": "soon"}, pid, parent) is None


def test_pings_come_from_the_process_systemd_watches_or_its_child_under_cage() -> None:
    usec = {"WATCHDOG_USEC": "2000000"}
    assert watchdog_interval_ms({**usec, "WATCHDOG_PID": "100"}, 100, 1) == 1000
    assert watchdog_interval_ms({**usec, "WATCHDOG_PID": "100"}, 200, 100) == 1000  # cage's child
    assert watchdog_interval_ms({**usec, "WATCHDOG_PID": "100"}, 300, 200) is None  # a grandchild
