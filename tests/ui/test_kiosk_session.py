"""The kiosk as its systemd service runs it (deploy/outreach-kiosk.service): in kiosk mode it
fills a real X screen without a window manager and cage's output, and it tells systemd it is
ready and alive through a real notification socket.

Each test starts the real ``outreach-kiosk`` in a process of its own on a real display server;
see tests/ui/displays.py for why the offscreen platform cannot show these bugs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui import displays

ATTRACT_BACKGROUND = (247, 245, 240)  # ui/common/style.py: the attract screen's page colour
START_TIMEOUT = 90  # seconds to the first paint on a busy two-core machine


@pytest.fixture
def folder() -> Iterator[Path]:
    made = displays.temporary_folder("kiosk-session-")
    yield Path(made.name)
    made.cleanup()


@pytest.fixture
def listener(folder: Path) -> Iterator[displays.NotifyListener]:
    made = displays.NotifyListener(folder)
    yield made
    made.close()


def start_kiosk(
    folder: Path, listener: displays.NotifyListener, **env: str
) -> subprocess.Popen[bytes]:
    runtime = folder / "kiosk-runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    environment = displays.kiosk_environment(
        folder / "data",
        XDG_RUNTIME_DIR=str(runtime),
        NOTIFY_SOCKET=str(listener.path),
        WATCHDOG_USEC="2000000",  # a ping every second
        **env,
    )
    log = (folder / "kiosk.log").open("wb")
    return subprocess.Popen(
        displays.kiosk_command(), env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=folder
    )


def stop(kiosk: subprocess.Popen[bytes], folder: Path) -> str:
    kiosk.terminate()
    try:
        kiosk.wait(20)
    except subprocess.TimeoutExpired:
        kiosk.kill()
        kiosk.wait()
    return (folder / "kiosk.log").read_text(errors="replace")


def wait_until_up(kiosk: subprocess.Popen[bytes], listener: displays.NotifyListener) -> None:
    """READY=1 after the first paint, then a watchdog ping: what systemd waits for."""
    ready = listener.wait_for("READY=1", START_TIMEOUT)
    pinged = listener.wait_for("WATCHDOG=1", 10)
    assert pinged >= ready
    assert kiosk.poll() is None


@pytest.mark.skipif(displays.missing_x() is not None, reason=str(displays.missing_x()))
def test_kiosk_mode_fills_an_x_screen_without_a_window_manager(
    folder: Path, listener: displays.NotifyListener
) -> None:
    with displays.xvfb(1280, 800) as display:
        kiosk = start_kiosk(folder, listener, QT_QPA_PLATFORM="xcb", DISPLAY=display)
        try:
            wait_until_up(kiosk, listener)
            windows = [w for w in displays.x_windows(display) if w[0] == "Outreach Kiosk"]
            largest = max(windows, key=lambda w: w[1] * w[2])
        finally:
            log = stop(kiosk, folder)
    assert largest[1:] == (1280, 800, 0, 0), log


@pytest.mark.skipif(
    displays.missing_window_manager() is not None, reason=str(displays.missing_window_manager())
)
def test_a_window_manager_cannot_hide_the_kiosk(
    folder: Path, listener: displays.NotifyListener
) -> None:
    with displays.xvfb(1280, 800) as display, displays.openbox(display):
        kiosk = start_kiosk(folder, listener, QT_QPA_PLATFORM="xcb", DISPLAY=display)
        try:
            wait_until_up(kiosk, listener)
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "^Outreach Kiosk$"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            assert len(found) == 1, found
            window = found[0]
            assert displays.x_window_state(display, window) == (True, "1280x800+0+0")
            # what the window menu's Iconify does: the window manager unmaps the window
            subprocess.run(
                ["xdotool", "windowminimize", window],
                env={**os.environ, "DISPLAY": display},
                check=True,
            )
            deadline = time.monotonic() + 10
            log = folder / "data" / "logs" / "kiosk.log"
            while "was minimized" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            while time.monotonic() < deadline:
                if displays.x_window_state(display, window) == (True, "1280x800+0+0"):
                    break
                time.sleep(0.1)
            state = displays.x_window_state(display, window)
            said = log.read_text()
        finally:
            output = stop(kiosk, folder)
    assert "the kiosk window was minimized; showing it again" in said, output
    assert state == (True, "1280x800+0+0"), output


def covers_output(image_path: Path) -> tuple[bool, str]:
    """Whether the screenshot is the kiosk edge to edge: no black border row or column, and
    the attract screen's page colour in every corner."""
    from PIL import Image

    with Image.open(image_path) as opened:
        image = opened.convert("RGB")
    box = image.getbbox()  # the part that is not black
    corners = [
        image.getpixel(xy)
        for xy in (
            (0, 0),
            (image.width - 1, 0),
            (0, image.height - 1),
            (image.width - 1, image.height - 1),
        )
    ]
    found = f"{image.size}, not black {box}, corners {corners}"
    full = box == (0, 0, image.width, image.height)
    return full and all(corner == ATTRACT_BACKGROUND for corner in corners), found


def run_under_cage(
    folder: Path, listener: displays.NotifyListener, x_display: str | None, keep: Path
) -> Path:
    """The kiosk as a Wayland client of cage; a grim screenshot once it covers the output (or
    the last one taken), kept at ``keep`` for people to look at."""
    with displays.cage_compositor(folder, ["sleep", "600"], x_display=x_display) as cage:
        kiosk = start_kiosk(
            folder, listener, QT_QPA_PLATFORM="wayland", WAYLAND_DISPLAY=str(cage.socket)
        )
        try:
            wait_until_up(kiosk, listener)
            deadline = time.monotonic() + 20
            shot = folder / "cage.png"
            while True:  # the first frames may still be on their way to the output
                cage.screenshot(shot)
                if covers_output(shot)[0] or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        finally:
            stop(kiosk, folder)
    shutil.copyfile(shot, keep)
    return keep


@pytest.mark.skipif(displays.missing_cage() is not None, reason=str(displays.missing_cage()))
@pytest.mark.skipif(displays.missing_x() is not None, reason=str(displays.missing_x()))
def test_kiosk_mode_fills_the_output_of_cage(
    folder: Path, listener: displays.NotifyListener, tmp_path: Path
) -> None:
    with displays.xvfb(1024, 768) as display:
        shot = run_under_cage(folder, listener, display, tmp_path / "cage-x11.png")
    full, found = covers_output(shot)
    assert full, found
