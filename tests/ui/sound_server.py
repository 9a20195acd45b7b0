"""A private PulseAudio server with one speaker whose sound the tests can record.

The kiosk's narration goes to the default sound output. Here that is a real PulseAudio daemon
(Debian's pulseaudio) with a null sink, a speaker no one hears, and its monitor is recorded with
parec (pulseaudio-utils), so a test hears what a visitor would: whether sound came out, when,
and for how long. The daemon has its own socket under /tmp; ``PULSE_SERVER`` points the test
process (and Qt in it) there.
"""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SINK = "kiosk_speaker"
RECORD_RATE = 8000
LOUD = 1000  # a sample above this (of 32767) is sound, not the silence of a null sink


def missing_parts() -> str | None:
    """Why the private sound server cannot run here, or None."""
    for tool, package in (("pulseaudio", "pulseaudio"), ("parec", "pulseaudio-utils")):
        if shutil.which(tool) is None:
            return f"needs {tool} (Debian package {package})"
    return None


@dataclass
class Recording:
    """Mono 16-bit samples recorded from the speaker."""

    samples: array.array[int]

    @property
    def seconds(self) -> float:
        return len(self.samples) / RECORD_RATE

    def loud_seconds(self) -> float:
        """How long the speaker made sound: from the first loud sample to the last."""
        loud = [index for index, value in enumerate(self.samples) if abs(value) > LOUD]
        return (loud[-1] - loud[0]) / RECORD_RATE if loud else 0.0


class SoundServer:
    """A pulseaudio daemon with one null sink; ``address`` is its PULSE_SERVER value."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-sound-"))
        self.address = f"unix:{self.folder / 'native'}"
        self._daemon: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        runtime = self.folder / "runtime"
        runtime.mkdir(mode=0o700)
        self._daemon = subprocess.Popen(
            [
                "pulseaudio",
                "--daemonize=no",
                "--system=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "--disable-shm=yes",
                "-n",  # none of the machine's default modules: only the two below
                f"--load=module-null-sink sink_name={SINK}",
                f"--load=module-native-protocol-unix socket={self.folder / 'native'} "
                "auth-anonymous=1",
            ],
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(self.folder)},
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "daemon.log").open("wb"),
        )
        deadline = time.monotonic() + 15
        while not self._answers():
            if self._daemon.poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "daemon.log").read_text(errors="replace")
                raise RuntimeError(f"pulseaudio did not start: {log[-2000:]}")
            time.sleep(0.1)

    def _answers(self) -> bool:
        result = subprocess.run(
            ["pactl", "--server", self.address, "info"], capture_output=True, check=False
        )
        return result.returncode == 0

    def record(self) -> RecordingSession:
        """Start recording the speaker; stop the returned session to get the sound."""
        return RecordingSession(self.address)

    def stop(self) -> None:
        if self._daemon is not None:
            self._daemon.terminate()
            try:
                self._daemon.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._daemon.kill()
                self._daemon.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class RecordingSession:
    """parec on the speaker's monitor, from creation until :meth:`stop`."""

    def __init__(self, address: str) -> None:
        self._parec = subprocess.Popen(
            [
                "parec",
                "--server",
                address,
                "--device",
                f"{SINK}.monitor",
                "--format=s16le",
                "--channels=1",
                f"--rate={RECORD_RATE}",
                "--latency-msec=20",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> Recording:
        self._parec.terminate()
        data, _ = self._parec.communicate(timeout=10)
        samples = array.array("h")
        samples.frombytes(data[: len(data) - len(data) % 2])
        return Recording(samples)


def main(command: list[str]) -> int:
    """Run ``command`` with the private speaker as its sound output (the bundle's self-check in
    ``make test-bundle``); fail unless it exits 0 and the speaker made sound."""
    problem = missing_parts()
    if problem is not None:
        print(f"sound_server: {problem}", file=sys.stderr)
        return 1
    server = SoundServer()
    server.start()
    try:
        recording = server.record()
        result = subprocess.run(command, env={**os.environ, "PULSE_SERVER": server.address})
        time.sleep(0.5)  # the end of the sound still in the server
        heard = recording.stop().loud_seconds()
    finally:
        server.stop()
    print(f"sound_server: the speaker made sound for {heard:.2f} s")
    if result.returncode != 0:
        return result.returncode
    return 0 if heard > 0.2 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
