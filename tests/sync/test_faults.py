"""Exactly-once counts through faults: a central that is down, killed, failing, slow or mute.

Each test ends with the same check: the central holds exactly the events the device logged, each
once, and the device's outbox is empty. The faults are real: a server process killed with
SIGKILL, and a misbehaving proxy (tests/sync/fault_proxy.py) on 127.0.0.1 in front of the central.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from central_process import CentralProcess
from device_log import OpenLog, log_events, logged_uuids
from fault_proxy import FaultProxy, random_failures
from fleet import Enrolled, enrol, stored_uuids

from kiosk.reach.log import ReachLog
from sync.central.admin import revoke_device
from sync.central.db.database import CentralDatabase
from sync.client import CentralClient
from sync.errors import AuthRefusedError
from sync.outbox import push_outbox


def assert_exactly_once(db: CentralDatabase, device: Enrolled, outbox: ReachLog) -> None:
    central = stored_uuids(db, device.device)
    assert len(central) == len(set(central))
    assert sorted(central) == sorted(logged_uuids(outbox))
    assert outbox.backlog() == 0


def no_wait(_seconds: float) -> None:
    """The backoff's sleep, skipped: the schedule itself is tested in test_backoff."""


def test_the_central_is_down_at_first(
    fresh_central: CentralProcess, central_db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(fresh_central.url, central_db)
    outbox = reach_logs(device)
    fresh_central.stop()
    log_events(outbox, 500)
    waits: list[float] = []

    def wait_then_start(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:  # down for the first three attempts
            fresh_central.start()

    with CentralClient(fresh_central.url, device.token, timeout=(2, 10)) as client:
        report = push_outbox(outbox, client, batch_size=200, max_attempts=10, sleep=wait_then_start)
    assert report.retries == 3
    assert (report.accepted, report.duplicates) == (500, 0)
    assert_exactly_once(central_db, device, outbox)


def restart_if_dead(server: CentralProcess) -> Callable[[float], None]:
    def sleep(_seconds: float) -> None:
        if server.process is None or server.process.poll() is not None:
            server.start()

    return sleep


def test_the_central_is_killed_mid_batch(
    fresh_central: CentralProcess, central_db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(fresh_central.url, central_db)
    outbox = reach_logs(device)
    log_events(outbox, 6_000)
    proxy = FaultProxy(fresh_central.port).start()
    # The second batch reaches the central, which is SIGKILLed while it is reading or storing it.
    proxy.plan = lambda n: "kill_after_send" if n == 1 else "forward"
    proxy.on_kill = fresh_central.kill
    try:
        with CentralClient(proxy.url, device.token, timeout=(2, 30)) as client:
            report = push_outbox(
                outbox,
                client,
                batch_size=2_000,
                max_attempts=10,
                sleep=restart_if_dead(fresh_central),
            )
    finally:
        proxy.stop()
    assert fresh_central.starts == 2
    assert proxy.actions["kill_after_send"] == 1
    assert report.accepted + report.duplicates == 6_000
    assert_exactly_once(central_db, device, outbox)


def test_the_answer_is_lost_after_the_commit(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device)
    log_events(outbox, 900)
    proxy = FaultProxy(central.port, plan=lambda n: "drop_after" if n in (0, 2) else "forward")
    proxy.start()
    try:
        with CentralClient(proxy.url, device.token) as client:
            report = push_outbox(outbox, client, batch_size=300, sleep=no_wait)
    finally:
        proxy.stop()
    # Batches one and three were stored, their answers lost; sent again, they came back as
    # duplicates, so the device saw only batch two as accepted.
    assert (report.accepted, report.duplicates, report.retries) == (300, 600, 2)
    assert_exactly_once(db, device, outbox)


def test_thirty_percent_of_requests_fail_with_500(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device)
    log_events(outbox, 2_000)
    proxy = FaultProxy(central.port, plan=random_failures(0.3, seed=6)).start()
    try:
        with CentralClient(proxy.url, device.token) as client:
            report = push_outbox(outbox, client, batch_size=100, max_attempts=20, sleep=no_wait)
    finally:
        proxy.stop()
    assert proxy.actions["fail_before"] > 0
    assert proxy.actions["fail_after"] > 0
    assert report.retries == proxy.actions["fail_before"] + proxy.actions["fail_after"]
    # Every answer replaced by a 500 after the commit made one batch come back as duplicates.
    assert report.duplicates == 100 * proxy.actions["fail_after"]
    assert report.accepted == 2_000 - report.duplicates
    assert_exactly_once(db, device, outbox)


def test_answers_slower_than_the_timeout(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device)
    log_events(outbox, 300)
    proxy = FaultProxy(central.port, plan=lambda n: "slow" if n % 2 == 0 else "forward")
    proxy.delay = 1.5
    proxy.start()
    try:
        with CentralClient(proxy.url, device.token, timeout=(2, 0.5)) as client:
            report = push_outbox(outbox, client, batch_size=100, sleep=no_wait)
    finally:
        proxy.stop()
    # Every batch was sent at least twice: stored on its first, slow try, it came back as
    # duplicates on the next (or, had that overtaken the first at the central, the other way
    # round). On a loaded machine a forwarded answer can be late too: more retries, never more
    # counts.
    assert report.retries >= 3
    assert report.accepted + report.duplicates == 300
    assert_exactly_once(db, device, outbox)


def test_a_token_revoked_mid_backlog_stops_the_push(
    central: CentralProcess, db: CentralDatabase, reach_logs: OpenLog
) -> None:
    device = enrol(central.url, db)
    outbox = reach_logs(device)
    log_events(outbox, 500)
    with CentralClient(central.url, device.token) as client:
        push_outbox(outbox, client, batch_size=100, should_stop=lambda: outbox.backlog() <= 300)
        left = outbox.backlog()
        assert 0 < left <= 300
        revoke_device(db, device.device)
        with pytest.raises(AuthRefusedError, match="revoked"):
            push_outbox(outbox, client, batch_size=100)
    assert outbox.backlog() == left
    assert len(stored_uuids(db, device.device)) == 500 - left
