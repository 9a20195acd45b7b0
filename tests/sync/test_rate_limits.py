"""Failed enrolments and sign-ins are limited per client address: 429 with Retry-After.

The limiter on its own with a clock the test moves (no waiting), the settings that set it, and
then a real ``outreach-central serve`` with small limits: the N+1-th bad attempt is a 429, even a
good one is refused while it lasts, another address is not affected, and once the window has
passed a good attempt goes through. The limits live in the server process, not in the database,
so the server tests run on SQLite only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from central_process import CentralProcess, run_central
from fleet import new_code, new_device_id, new_site
from reach_data import PASSWORD, new_person

from sync.central.admin import AdminError
from sync.central.api.ratelimit import AttemptLimiter, TooManyAttemptsError, client_key
from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url
from sync.central.errors import ForbiddenError
from sync.central.settings import (
    DEFAULT_RATE_LIMITS,
    ENROL_LIMIT_ENV,
    SIGN_IN_LIMIT_ENV,
    Limit,
    RateLimits,
    parse_limit,
    rate_limits_from,
)
from sync.client import CentralClient
from sync.errors import RetryableSyncError
from sync.stats.client import CentralUnreachableError, StatsClient

ATTEMPTS = 3
WINDOW_SECONDS = 6


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(limiter: AttemptLimiter, address: str) -> None:
    with pytest.raises(ForbiddenError), limiter.attempt(address):
        raise ForbiddenError("wrong code")


def succeed(limiter: AttemptLimiter, address: str) -> None:
    with limiter.attempt(address):
        pass


def test_failures_are_counted_in_a_sliding_window() -> None:
    clock = Clock()
    limiter = AttemptLimiter(Limit(3, 60), "enrolment attempts", clock=clock)
    for second in (0, 10, 20):
        clock.now = 1000 + second
        fail(limiter, "198.51.100.7")
    clock.now = 1030
    with pytest.raises(TooManyAttemptsError) as refused, limiter.attempt("198.51.100.7"):
        pytest.fail("a limited client's attempt must not run")
    assert refused.value.status == 429
    assert refused.value.retry_after == 30  # until the first failure leaves the window
    assert refused.value.headers == {"Retry-After": "30"}
    assert "too many failed enrolment attempts" in refused.value.detail
    succeed(limiter, "198.51.100.8")  # another address is not affected
    clock.now = 1060  # the first failure has left the window: one more try
    succeed(limiter, "198.51.100.7")
    fail(limiter, "198.51.100.7")
    with pytest.raises(TooManyAttemptsError) as again, limiter.attempt("198.51.100.7"):
        pass
    assert again.value.retry_after == 10


def test_successes_and_server_failures_are_not_counted() -> None:
    limiter = AttemptLimiter(Limit(2, 60), "sign-in attempts", clock=Clock())
    for _ in range(10):
        succeed(limiter, "198.51.100.7")
    with pytest.raises(RuntimeError), limiter.attempt("198.51.100.7"):
        raise RuntimeError("the database went away")
    assert limiter.tracked() == 0
    fail(limiter, "198.51.100.7")
    fail(limiter, "198.51.100.7")
    with pytest.raises(TooManyAttemptsError), limiter.attempt("198.51.100.7"):
        pass


def test_attempts_in_flight_hold_their_place() -> None:
    """Parallel guesses cannot slip past the limit before the first of them has failed."""
    limiter = AttemptLimiter(Limit(2, 60), "enrolment attempts", clock=Clock())
    release = threading.Event()
    entered = threading.Barrier(3)

    def slow_attempt() -> None:
        with limiter.attempt("198.51.100.7"):
            entered.wait()
            release.wait(10)

    threads = [threading.Thread(target=slow_attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    entered.wait()
    with pytest.raises(TooManyAttemptsError), limiter.attempt("198.51.100.7"):
        pass
    release.set()
    for thread in threads:
        thread.join()
    succeed(limiter, "198.51.100.7")  # both succeeded: their places were given back


def test_ipv6_is_counted_per_64_and_memory_is_bounded() -> None:
    assert (
        client_key("2001:db8:1:2::5") == client_key("2001:db8:1:2:ffff::9") == ("2001:db8:1:2::/64")
    )
    assert client_key("2001:db8:1:3::5") != client_key("2001:db8:1:2::5")
    assert client_key("198.51.100.7") == "198.51.100.7"
    clock = Clock()
    limiter = AttemptLimiter(Limit(1, 60), "enrolment attempts", clock=clock, max_clients=50)
    for n in range(200):
        fail(limiter, f"10.0.{n // 250}.{n % 250}")
    assert limiter.tracked() <= 50


def test_no_limit_when_off() -> None:
    limiter = AttemptLimiter(None, "enrolment attempts")
    for _ in range(100):
        fail(limiter, "198.51.100.7")
    assert limiter.tracked() == 0


def test_limit_settings() -> None:
    assert parse_limit("10/15m") == Limit(10, 900)
    assert parse_limit(" 3/2S ") == Limit(3, 2)
    assert parse_limit("off") is None
    for bad in ("0/1m", "10", "10/soon", "ten/1m", "10/0s"):
        with pytest.raises(AdminError, match="not a"):
            parse_limit(bad)
    assert rate_limits_from(environ={}) == DEFAULT_RATE_LIMITS
    assert RateLimits(enrol=Limit(10, 900), sign_in=Limit(10, 900)) == DEFAULT_RATE_LIMITS
    environ = {ENROL_LIMIT_ENV: "5/1h"}
    assert rate_limits_from(environ=environ).enrol == Limit(5, 3600)
    assert rate_limits_from("off", "2/30s", environ=environ) == RateLimits(None, Limit(2, 30))


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[tuple[CentralProcess, CentralDatabase]]:
    database = open_central_database(sqlite_url(tmp_path / "central.sqlite3"))
    limit = f"{ATTEMPTS}/{WINDOW_SECONDS}s"
    server = CentralProcess(
        database.url, tmp_path, extra=("--enrol-limit", limit, "--sign-in-limit", limit)
    ).start()
    yield server, database
    server.stop()
    database.close()


def wait_out(answer: requests.Response) -> None:
    """Wait as long as the central's Retry-After says (the window passing, not a timing check)."""
    seconds = int(answer.headers["Retry-After"])
    assert 1 <= seconds <= WINDOW_SECONDS
    time.sleep(seconds + 0.2)


def test_the_central_limits_failed_enrolments(
    limited: tuple[CentralProcess, CentralDatabase],
) -> None:
    central, db = limited
    url = f"{central.url}/api/v1/enrol"
    good = new_code(db, new_site(db))
    for _ in range(ATTEMPTS):
        bad = requests.post(url, json={"code": "AAAA-BBBB-CCCC-DDDD", "device": "d1"}, timeout=30)
        assert bad.status_code == 403
    refused = requests.post(url, json={"code": good, "device": new_device_id()}, timeout=30)
    assert refused.status_code == 429
    assert "too many failed enrolment attempts" in refused.json()["detail"]
    # Behind the trusted proxy (127.0.0.1), each forwarded address counts on its own.
    elsewhere = {"X-Forwarded-For": "203.0.113.9"}
    other = requests.post(
        url, json={"code": new_code(db, new_site(db)), "device": new_device_id()},
        headers=elsewhere, timeout=30,
    )  # fmt: skip
    assert other.status_code == 201, other.text
    with CentralClient(central.url) as client, pytest.raises(RetryableSyncError) as busy:
        client.enrol(good, new_device_id())
    assert busy.value.status == 429
    assert busy.value.retry_after is not None and busy.value.retry_after >= 1
    wait_out(refused)
    # The refused attempts did not use the code: it works once the window has passed.
    accepted = requests.post(url, json={"code": good, "device": new_device_id()}, timeout=30)
    assert accepted.status_code == 201, accepted.text


def test_the_central_limits_failed_sign_ins(
    limited: tuple[CentralProcess, CentralDatabase],
) -> None:
    central, db = limited
    url = f"{central.url}/api/v1/auth/token"
    name = new_person(db, "coordinator")
    for _ in range(5):  # good sign-ins do not count
        assert requests.post(url, json={"name": name, "password": PASSWORD}, timeout=30).ok
    for _ in range(ATTEMPTS):
        wrong = requests.post(url, json={"name": name, "password": "x" * 12}, timeout=30)
        assert wrong.status_code == 401
    refused = requests.post(url, json={"name": name, "password": PASSWORD}, timeout=30)
    assert refused.status_code == 429
    assert "too many failed sign-in attempts" in refused.json()["detail"]
    with StatsClient(central.url) as client, pytest.raises(CentralUnreachableError) as busy:
        client.sign_in(name, PASSWORD)
    assert busy.value.status == 429
    wait_out(refused)
    with StatsClient(central.url) as client:
        assert client.sign_in(name, PASSWORD).role == "coordinator"


def test_the_limits_come_from_the_environment_or_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync.central.api.app import app_from_environment

    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path / "central.sqlite3"))
    monkeypatch.setenv(ENROL_LIMIT_ENV, "4/2m")
    monkeypatch.setenv(SIGN_IN_LIMIT_ENV, "off")
    app = app_from_environment()  # as `uvicorn --factory` runs it
    try:
        assert app.state.limiters.enrol.limit == Limit(4, 120)
        assert app.state.limiters.sign_in.limit is None
    finally:
        app.state.database.close()
    wrong = run_central(sqlite_url(tmp_path / "central.sqlite3"), "serve", "--enrol-limit", "lots")
    assert wrong.returncode == 1
    assert "not a limit: 'lots'" in wrong.stderr
