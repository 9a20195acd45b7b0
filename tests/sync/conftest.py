"""Fixtures of the sync tests: a real central server process on SQLite and on PostgreSQL.

The helpers live in plain modules next to this file (pytest runs with --import-mode=importlib, so
this folder is put on sys.path for them).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from central_process import CentralProcess, free_port
from device_log import reach_logs as reach_logs  # the kiosk's real reach log, as an outbox
from pg_cluster import MISSING, PostgresCluster, find_bin_dir

from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url

BACKENDS = ["sqlite", "postgresql"]
GENEROUS_LIMITS = ("--enrol-limit", "1000/1m", "--sign-in-limit", "1000/1m")
"""For the centrals many tests share from one address: the limiter runs, but a test's refused
codes and wrong passwords do not lock out the next test. tests/sync/test_rate_limits.py checks
the limits themselves, on centrals of its own."""


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throw-away PostgreSQL cluster for the session; each user gets its own database."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(MISSING)
    cluster = PostgresCluster(bin_dir, free_port())
    cluster.start()
    yield cluster
    cluster.stop()


def _new_database_url(backend: str, folder: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return sqlite_url(folder / "central.sqlite3")
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty central database on each backend."""
    return _new_database_url(request.param, tmp_path, request)


@pytest.fixture
def central_db(database_url: str) -> Iterator[CentralDatabase]:
    """The fresh database, migrated and opened in the test process (for provisioning, checks)."""
    database = open_central_database(database_url)
    yield database
    database.close()


@pytest.fixture
def fresh_central(central_db: CentralDatabase, tmp_path: Path) -> Iterator[CentralProcess]:
    """A central server of the test's own, on the fresh database; tests may kill and restart it."""
    server = CentralProcess(central_db.url, tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def shared_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[CentralProcess, CentralDatabase]]:
    folder = tmp_path_factory.mktemp(f"central-{request.param}")
    database = open_central_database(_new_database_url(request.param, folder, request))
    server = CentralProcess(database.url, folder, extra=GENEROUS_LIMITS)
    server.start()
    yield server, database
    server.stop()
    database.close()


@pytest.fixture
def central(shared_backend: tuple[CentralProcess, CentralDatabase]) -> CentralProcess:
    """A central server shared by the session (one per backend); tests use their own sites."""
    return shared_backend[0]


@pytest.fixture
def db(shared_backend: tuple[CentralProcess, CentralDatabase]) -> CentralDatabase:
    """The shared central's database, opened in the test process."""
    return shared_backend[1]
