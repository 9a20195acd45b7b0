"""The central endpoint as a real server process on 127.0.0.1, started through its own CLI."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def central_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "sync.central.cli", *arguments]


def run_central(
    database_url: str, *arguments: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run an ``outreach-central`` command on ``database_url`` and return what it did."""
    return subprocess.run(
        central_command(*arguments, "--database-url", database_url),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@dataclass
class CentralProcess:
    """``outreach-central serve`` on a free port; restartable on the same port and database."""

    database_url: str
    log_dir: Path
    port: int = field(default_factory=free_port)
    extra: tuple[str, ...] = ()
    scheme: str = "http"
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> CentralProcess:
        self.starts += 1
        log = self.log_dir / f"central-{self.port}-{self.starts}.log"
        with log.open("wb") as handle:
            self.process = subprocess.Popen(
                central_command(
                    "serve",
                    "--port",
                    str(self.port),
                    "--database-url",
                    self.database_url,
                    "--log-level",
                    "warning",
                    *self.extra,
                ),
                stdout=handle,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the central exited: {log.read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the central did not start in {timeout}s: {log.read_text()}")

    def healthy(self, **kwargs: object) -> bool:
        try:
            return requests.get(f"{self.url}/healthz", timeout=5, **kwargs).ok  # type: ignore[arg-type]
        except requests.RequestException:
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, open transactions are simply gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
