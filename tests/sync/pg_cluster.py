"""A throw-away PostgreSQL cluster for tests and benchmarks, started from the server binaries.

initdb refuses to run as root, so as root the cluster runs as the ``postgres`` system user (made
by Debian's ``postgresql`` package) in a temporary folder it owns; as anyone else, as that user.
It listens on 127.0.0.1 only, on a free port, and is stopped and deleted afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin: "
    "install the Debian package 'postgresql'"
)
SUPERUSER = "central"


def find_bin_dir() -> Path | None:
    """The newest PostgreSQL's bin folder, or None when the server is not installed."""
    candidates = []
    for initdb in Path("/usr/lib/postgresql").glob("*/bin/initdb"):
        match = re.fullmatch(r"\d+", initdb.parent.parent.name)
        if match and (initdb.parent / "pg_ctl").exists():
            candidates.append((int(initdb.parent.parent.name), initdb.parent))
    return max(candidates)[1] if candidates else None


def _as_cluster_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise RuntimeError("running as root needs 'runuser' (util-linux) to start PostgreSQL")
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class PostgresCluster:
    bin_dir: Path
    port: int
    fsync: bool = False
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="central-pg-")))
    _names: count[int] = field(default_factory=count)

    @property
    def data(self) -> Path:
        return self.base / "data"

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            [*_as_cluster_user(), *command], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}{tail}")

    def start(self) -> None:
        self.base.chmod(0o700)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.data),
            "-U", SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        if not self.fsync:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D", str(self.data),
            "-o", options,
            "-l", str(self.base / "server.log"),
            "-w", "-t", "60",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database's URL."""
        import psycopg

        name = f"central_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
