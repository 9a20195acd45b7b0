"""Real displays for the kiosk session's tests: Xvfb without a window manager, cage running
headless, a systemd-style notification socket, and the kiosk started as the service starts it.

Why real ones: the bugs these tests guard against (a "full screen" window at its preferred size
on black, a watchdog that pings from the wrong thread) only show on a real X server or Wayland
compositor and a real socket; the offscreen platform fills any screen it is asked to.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Display numbers tried for Xvfb, away from the low numbers desktop sessions and xvfb-run use.
X_DISPLAYS = range(71, 80)
UNPRIVILEGED = "nobody"  # cage refuses to run as root, as a compositor should


def kiosk_command() -> list[str]:
    """How the service starts the kiosk (the console script's module, with this interpreter)."""
    return [sys.executable, "-m", "ui.main"]


def kiosk_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a kiosk in kiosk mode on ``data_dir``, with nothing from the tests'
    offscreen set-up or the caller's settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("OUTREACH_KIOSK_", "QT_", "WAYLAND_", "NOTIFY_", "WATCHDOG_"))
        and name != "DISPLAY"
    }
    env.update(
        PYTHONPATH=str(REPO),
        OUTREACH_KIOSK_KIOSK_MODE="true",
        OUTREACH_KIOSK_DATA_DIR=str(data_dir),
        **extra,
    )
    return env


class NotifyListener:
    """A datagram socket standing in for systemd's ``$NOTIFY_SOCKET``."""

    def __init__(self, folder: Path):
        self.path = folder / "notify.sock"
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(str(self.path))
        self.path.chmod(0o777)  # a kiosk running as another user sends here too
        self.received: list[tuple[float, str]] = []

    def wait_for(self, field: str, timeout: float) -> float:
        """Collect messages until one holds ``field``; return when it arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.socket.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = self.socket.recv(4096)
            except TimeoutError:
                break
            arrived = time.monotonic()
            self.received.append((arrived, data.decode()))
            if field in data.decode().split("\n"):
                return arrived
        raise AssertionError(f"no {field} within {timeout} s; received {self.received}")

    def fields(self) -> list[str]:
        return [field for _, message in self.received for field in message.split("\n")]

    def close(self) -> None:
        self.socket.close()


def missing_x() -> str | None:
    """Why Xvfb without a window manager cannot be tested here, or None."""
    for tool, package in (("Xvfb", "xvfb"), ("xwininfo", "x11-utils")):
        if shutil.which(tool) is None:
            return f"needs {tool} (Debian's {package})"
    return None


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """An X server with one screen of ``width`` x ``height`` and no window manager; its DISPLAY."""
    for number in X_DISPLAYS:
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        display = f":{number}"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        if server.poll() is not None:
            continue  # taken meanwhile
        try:
            yield display
        finally:
            server.terminate()
            server.wait(10)
        return
    raise RuntimeError(f"no free X display among :{X_DISPLAYS[0]}-:{X_DISPLAYS[-1]}")


def missing_window_manager() -> str | None:
    """Why a window manager cannot be tested here, or None."""
    for tool, package in (("openbox", "openbox"), ("xdotool", "xdotool")):
        if shutil.which(tool) is None:
            return f"needs {tool} (Debian's {package})"
    return missing_x()


@contextmanager
def openbox(display: str) -> Iterator[None]:
    """Openbox managing ``display``'s windows: one that can iconify them."""
    manager = subprocess.Popen(
        ["openbox", "--sm-disable"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)  # it takes the screen over before the kiosk maps its window
        yield
    finally:
        manager.terminate()
        manager.wait(10)


def x_window_state(display: str, window: str) -> tuple[bool, str]:
    """Whether ``window`` is mapped (not iconified), and its geometry as WxH+X+Y."""
    info = subprocess.run(
        ["xwininfo", "-id", window],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    mapped = "Map State: IsViewable" in info
    geometry = next(line.split()[-1] for line in info.splitlines() if "-geometry" in line)
    return mapped, geometry


def x_windows(display: str) -> list[tuple[str, int, int, int, int]]:
    """(name, width, height, x, y) of every top-level window on ``display``."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-children"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    windows = []
    for line in tree.splitlines():
        line = line.strip()
        if not line.startswith("0x") or '"' not in line:
            continue
        name = line.split('"')[1]
        size = line.rsplit(")", 1)[-1].split()[0]  # 1280x800+0+0
        dims, _, place = size.partition("+")
        width, height = (int(part) for part in dims.split("x"))
        x, y = (int(part) for part in place.split("+"))
        windows.append((name, width, height, x, y))
    return windows


def missing_cage() -> str | None:
    """Why cage cannot run headless here, or None."""
    for tool, package in (("cage", "cage"), ("grim", "grim"), ("Xwayland", "xwayland")):
        if shutil.which(tool) is None:
            return f"needs {tool} (Debian's {package})"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(UNPRIVILEGED)
        except KeyError:
            return f"needs the user {UNPRIVILEGED} to run cage, which refuses root"
    return None


@dataclass
class Cage:
    """A headless cage: its Wayland socket and runtime folder, and its output's size."""

    process: subprocess.Popen[bytes]
    runtime_dir: Path
    socket: Path
    log: Path

    def screenshot(self, out: Path) -> Path:
        """The whole output as a PNG, taken by grim as a Wayland client of this cage."""
        env = {
            **os.environ,
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "WAYLAND_DISPLAY": self.socket.name,
        }
        subprocess.run(["grim", str(out)], env=env, check=True, capture_output=True, timeout=30)
        return out


@contextmanager
def cage_compositor(
    folder: Path, client: list[str], x_display: str | None = None, timeout: float = 30
) -> Iterator[Cage]:
    """cage with its runtime folder in ``folder`` (mode 0700): on wlroots' headless back-end, or
    with ``x_display`` on its X11 back-end, as a window on that (virtual) X server.

    Why the X11 back-end at all: with Debian 12's cage (wlroots 0.15) on the headless
    back-end, grim captures an all-black output in most runs (6 of 8 when this was written) when
    one surface covers the whole output, exactly what a kiosk is; a window one pixel shorter is
    always captured. The likely cause is direct scan-out of the kiosk's own buffer, which the
    capture cannot read back there. On the X11 back-end the output is composited, and grim
    sees what the screen shows.

    ``client`` is cage's own client, whose end ends cage. Run as root, cage and its client run
    as an unprivileged user, since cage refuses root.
    """
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    log = folder / "cage.log"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("QT_", "WAYLAND_")) and name != "DISPLAY"
    }
    env.update(
        XDG_RUNTIME_DIR=str(runtime),
        WLR_BACKENDS="headless" if x_display is None else "x11",
        WLR_LIBINPUT_NO_DEVICES="1",
        WLR_RENDERER="pixman",  # no GPU here
    )
    if x_display is not None:
        env["DISPLAY"] = x_display
    command = ["cage", "--", *client]
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED)
        os.chown(runtime, user.pw_uid, user.pw_gid)
        command = [
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
            *command,
        ]
    with log.open("wb") as log_file:
        # a session of its own: cage leaves its client behind when it is ended, so both go
        process = subprocess.Popen(
            command,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=folder,
            start_new_session=True,
        )
    cage = Cage(process, runtime, runtime / "wayland-0", log)
    try:
        deadline = time.monotonic() + timeout
        while not cage.socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cage did not start: {log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield cage
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def temporary_folder(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A folder other users may enter (cage's user reads its runtime folder inside it)."""
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    Path(folder.name).chmod(0o755)
    return folder
