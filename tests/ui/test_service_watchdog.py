"""ui.common.watchdog: READY=1 once painted, then WATCHDOG=1 from the GUI thread, which stop
while that thread is blocked (how systemd notices a hung kiosk). A real datagram socket."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from kiosk.sd_notify import Notifier

PERIOD_USEC = 400_000  # pings every 200 ms


class Collector:
    """Receives on a datagram socket in a thread of its own, so it hears the pings even while
    the GUI thread is blocked."""

    def __init__(self, path: Path):
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(str(path))
        self.socket.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.socket.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def pings(self, start: float, end: float) -> int:
        return sum(1 for at, text in self.messages if text == "WATCHDOG=1" and start <= at <= end)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "notify"
    running = Collector(path)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", str(PERIOD_USEC))
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield running
    running.close()


def test_pings_stop_while_the_gui_thread_is_blocked(qapp, qtbot, collector) -> None:  # type: ignore[no-untyped-def]
    from ui.common.watchdog import ServiceWatchdog

    watchdog = ServiceWatchdog()
    assert watchdog.interval_ms == 200
    watchdog.ready()
    qtbot.waitUntil(lambda: collector.pings(0, time.monotonic()) >= 3, timeout=5000)
    first = collector.messages[0][1]
    assert first.split("\n")[0] == "READY=1"

    blocked_at = time.monotonic()
    time.sleep(1.5)  # a hung slot: seven periods without the event loop
    unblocked_at = time.monotonic()
    # at most the ping already sent as the block began (the socket thread's timestamp trails)
    assert collector.pings(blocked_at + 0.1, unblocked_at) == 0

    qtbot.waitUntil(lambda: collector.pings(unblocked_at, time.monotonic()) >= 2, timeout=5000)
    watchdog.stopping()
    qtbot.waitUntil(lambda: collector.messages[-1][1] == "STOPPING=1", timeout=5000)
    assert sum(text.startswith("READY=1") for _, text in collector.messages) == 1


def test_without_systemd_it_does_nothing(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from ui.common.watchdog import ServiceWatchdog

    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    watchdog = ServiceWatchdog()
    assert watchdog.notifier is None
    watchdog.ready()
    watchdog.stopping()


def test_a_given_notifier_is_used(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.common.watchdog import ServiceWatchdog

    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(path))
        listener.settimeout(5)
        watchdog = ServiceWatchdog(notifier=Notifier(str(path)))
        watchdog.ready()
        assert listener.recv(4096).decode().startswith("READY=1")
