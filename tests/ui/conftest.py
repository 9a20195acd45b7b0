"""Private servers for the UI tests: CUPS for printing, PulseAudio for narration.

A private CUPS server for printing tests: its own cupsd, config, spool and port under /tmp.

The queues are real: ``kiosk-cards`` prints through the cups-pdf backend (Debian's
printer-driver-cups-pdf) into a folder the test reads back. Its default paper is A4, as on an
office printer outside North America; ``kiosk-sheets-letter`` is the same on Letter paper, so
a test can send each paper to a queue expecting the other. A physical card printer cannot
exist here, so two queues use a fake backend, named as such, that behaves like a card printer
that is out of cards (it reports ``media-empty-error`` and stops the queue) or that rejects
every job (the job is aborted).

cups-pdf only reads its settings from /etc/cups/cups-pdf-<name>.conf; the fixture writes one
with a unique name there, pointing into its own folder, and removes it afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui import sound_server

SYSTEM_SERVER_BIN = Path("/usr/lib/cups")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
CUPS_PDF_CONFIG_DIR = Path("/etc/cups")

FAKE_BACKEND = """#!/bin/sh
# Fake card printer for tests: no physical card printer exists on a test machine.
if [ $# -eq 0 ]; then
  echo 'direct fake-card-printer "Unknown" "Fake card printer (tests only)"'
  exit 0
fi
cat > /dev/null
case "$DEVICE_URI" in
  *out-of-cards*)
    echo "STATE: +media-empty-error" >&2
    echo "ERROR: The card hopper is empty." >&2
    exit 4 ;;
  *)
    echo "ERROR: The card printer rejected the job." >&2
    exit 1 ;;
esac
"""


def missing_parts() -> str | None:
    """Why a private cupsd cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root to run a private cupsd with the cups-pdf backend"
    for tool in ("/usr/sbin/cupsd", "lp", "lpadmin", "gs"):
        if shutil.which(tool) is None:
            return f"needs {tool} (Debian's cups, cups-client, ghostscript)"
    if not (SYSTEM_SERVER_BIN / "backend" / "cups-pdf").exists() or not CUPS_PDF_PPD.exists():
        return "needs the cups-pdf backend (Debian's printer-driver-cups-pdf)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCups:
    """cupsd in the foreground on a socket and a port of its own; queues added with lpadmin."""

    PDF_QUEUE = "kiosk-cards"
    LETTER_QUEUE = "kiosk-sheets-letter"
    OUT_OF_CARDS_QUEUE = "card-printer-out-of-cards"
    BROKEN_QUEUE = "card-printer-broken"

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
        self.root.chmod(0o755)  # filters run as lp and must reach the spool
        self.name = f"kiosk-test-{uuid.uuid4().hex[:8]}"
        self.socket = self.root / "cups.sock"
        self.server = str(self.socket)
        self.out = self.root / "printed"
        self.cups_pdf_config = CUPS_PDF_CONFIG_DIR / f"cups-pdf-{self.name}.conf"
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server, "LC_ALL": "C"}

    def run(self, *command: str) -> str:
        result = subprocess.run(
            command, capture_output=True, text=True, env=self.env(), timeout=60, check=False
        )
        assert result.returncode == 0, f"{command}: {result.stderr}"
        return result.stdout

    def start(self) -> None:
        for folder in ("spool", "cache", "state", "log", "bin", "printed", "cups-pdf-spool"):
            (self.root / folder).mkdir()
        temp = self.root / "tmp"
        temp.mkdir()
        shutil.chown(temp, "root", "lp")
        temp.chmod(0o1770)
        self._server_bin()
        (self.root / "cups-files.conf").write_text(
            f"ServerRoot {self.root}\nRequestRoot {self.root}/spool\n"
            f"CacheDir {self.root}/cache\nStateDir {self.root}/state\nTempDir {temp}\n"
            f"ErrorLog {self.root}/log/error_log\nAccessLog {self.root}/log/access_log\n"
            f"PageLog {self.root}/log/page_log\nServerBin {self.root}/bin\n"
            "DataDir /usr/share/cups\nUser lp\nGroup lp\nSystemGroup root\n",
            encoding="utf-8",
        )
        (self.root / "cupsd.conf").write_text(
            f"LogLevel info\nListen 127.0.0.1:{free_port()}\nListen {self.socket}\n"
            "Browsing No\nWebInterface No\nDefaultAuthType None\nJobRetryLimit 0\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
            encoding="utf-8",
        )
        self.cups_pdf_config.write_text(
            f"Out {self.out}\nAnonDirName {self.out}\nSpool {self.root}/cups-pdf-spool\n"
            f"Log {self.root}/log\nLabel 1\nGrp root\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [
                "/usr/sbin/cupsd",
                "-f",
                "-c",
                str(self.root / "cupsd.conf"),
                "-s",
                str(self.root / "cups-files.conf"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while "scheduler is running" not in self._status():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {self.log()[-2000:]}")
            time.sleep(0.1)
        self.start_queues()

    def _server_bin(self) -> None:
        """The system's filters and backends, plus the fake card printer's backend."""
        bin_dir = self.root / "bin"
        for entry in SYSTEM_SERVER_BIN.iterdir():
            if entry.name != "backend":
                (bin_dir / entry.name).symlink_to(entry)
        backends = bin_dir / "backend"
        backends.mkdir()
        for entry in (SYSTEM_SERVER_BIN / "backend").iterdir():
            (backends / entry.name).symlink_to(entry)
        fake = backends / "fake-card-printer"
        fake.write_text(FAKE_BACKEND, encoding="utf-8")
        fake.chmod(0o755)

    def _status(self) -> str:
        result = subprocess.run(
            ["lpstat", "-r"], capture_output=True, text=True, env=self.env(), check=False
        )
        return result.stdout

    def set_default(self, queue: str) -> None:
        self.run("lpadmin", "-d", queue)

    def start_queues(self) -> None:
        """Remake the queues, with no default (after a test stopped one or chose a default)."""
        queues = (self.PDF_QUEUE, self.LETTER_QUEUE, self.OUT_OF_CARDS_QUEUE, self.BROKEN_QUEUE)
        for queue in queues:
            subprocess.run(["lpadmin", "-x", queue], env=self.env(), capture_output=True)
        ppd = str(CUPS_PDF_PPD)
        for queue, paper in ((self.PDF_QUEUE, "A4"), (self.LETTER_QUEUE, "Letter")):
            self.run(
                "lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{self.name}", "-P", ppd,
                "-o", f"PageSize={paper}",
            )  # fmt: skip
        self.run(
            "lpadmin", "-p", self.OUT_OF_CARDS_QUEUE, "-E", "-v",
            "fake-card-printer:/out-of-cards", "-P", ppd,
            "-o", "printer-error-policy=stop-printer",
        )  # fmt: skip
        self.run(
            "lpadmin", "-p", self.BROKEN_QUEUE, "-E", "-v", "fake-card-printer:/rejects-jobs",
            "-P", ppd, "-o", "printer-error-policy=abort-job",
        )  # fmt: skip

    def printed(self, job_id: int, timeout: float = 30.0) -> Path:
        """The PDF cups-pdf wrote for ``job_id`` (its file name starts with job_<id>-)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(self.out.glob(f"job_{job_id}-*.pdf"))
            if found and found[0].stat().st_size > 0:
                return found[0]
            time.sleep(0.1)
        raise AssertionError(f"cups-pdf wrote nothing for job {job_id}: {self.log()[-2000:]}")

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.cups_pdf_config.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def private_cups() -> Iterator[PrivateCups]:
    """A running private cupsd with the test queues; stopped and removed after the session."""
    reason = missing_parts()
    if reason is not None:
        pytest.skip(reason)
    server = PrivateCups()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def cups(private_cups: PrivateCups) -> Iterator[PrivateCups]:
    """The private cupsd with fresh queues (a test may stop or remove one)."""
    private_cups.start_queues()
    yield private_cups


@pytest.fixture(scope="session", autouse=True)
def private_sound() -> Iterator[sound_server.SoundServer | None]:
    """The private sound server, started before any test can load Qt's audio (Qt connects to a
    sound server once per process); None where pulseaudio is missing (see ``speaker``)."""
    if sound_server.missing_parts() is not None:
        yield None
        return
    server = sound_server.SoundServer()
    server.start()
    previous = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = server.address
    yield server
    if previous is None:
        os.environ.pop("PULSE_SERVER", None)
    else:
        os.environ["PULSE_SERVER"] = previous
    server.stop()


@pytest.fixture
def speaker(private_sound: sound_server.SoundServer | None) -> sound_server.SoundServer:
    """The speaker narration plays on; pulseaudio is a declared test dependency, never skipped."""
    if private_sound is None:
        pytest.fail(f"no sound server: {sound_server.missing_parts()}")
    return private_sound
