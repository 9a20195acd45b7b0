"""The kiosk side of sync, end to end against a real central process on 127.0.0.1:
enrol with a one-time code, push what the device logged (before and after enrolment), run in
the background, and stop when the central revokes the device."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from central_process import CentralProcess
from fleet import new_code, new_site
from kiosk_cli import kiosk
from sqlalchemy import func, select

from kiosk.enrolment import Enrolment, load_enrolment, save_enrolment
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import Database, device_id, open_database
from sync.central.admin import revoke_device
from sync.central.db.database import CentralDatabase
from sync.central.db.models import Event
from sync.client import CentralClient
from sync.worker import SyncStatus, SyncWorker


def local_counts(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as connection:
        rows = connection.execute("SELECT kind, SUM(quantity) FROM reach_event GROUP BY kind")
        return dict(rows.fetchall())


def central_counts(database: CentralDatabase, device: str) -> dict[str, int]:
    query = (
        select(Event.kind, func.sum(Event.quantity))
        .where(Event.device == device)
        .group_by(Event.kind)
    )
    with database.sessions() as session:
        return {kind: int(total) for kind, total in session.execute(query).all()}


def test_enrol_then_sync_once_counts_everything_exactly_once(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    data_dir = tmp_path / "kiosk"
    simulated = kiosk(data_dir, "simulate", "--visits", "40", "--seed", "7")
    assert simulated.returncode == 0, simulated.stderr  # logged before the device is enrolled

    site = new_site(db)
    code = new_code(db, site)
    refused = kiosk(data_dir, "enrol", code, "--central", central.url)
    assert refused.returncode == 1  # simulated visits must not be counted as real by accident
    assert "holds simulated visits" in refused.stderr
    enrolled = kiosk(data_dir, "enrol", code, "--central", central.url, "--allow-simulated")
    assert enrolled.returncode == 0, enrolled.stderr
    assert f"site {site}" in enrolled.stdout

    pushed = kiosk(data_dir, "sync", "--once")
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.splitlines()[0].endswith("backlog 0")  # then a line about content

    database = open_database(data_dir)
    device = device_id(database)
    database.close()
    assert local_counts(data_dir) == central_counts(db, device)
    assert sum(local_counts(data_dir).values()) > 40

    again = kiosk(data_dir, "sync", "--once")  # nothing left: nothing sent twice
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("pushed 0 events")
    assert local_counts(data_dir) == central_counts(db, device)


def test_a_code_works_once_and_sync_needs_enrolment(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    not_enrolled = kiosk(tmp_path / "a", "sync", "--once")
    assert not_enrolled.returncode == 1
    assert "not enrolled" in not_enrolled.stderr

    code = new_code(db, new_site(db))
    assert kiosk(tmp_path / "a", "enrol", code, "--central", central.url).returncode == 0
    replay = kiosk(tmp_path / "b", "enrol", code, "--central", central.url)
    assert replay.returncode == 1
    assert replay.stderr.startswith("outreach-kiosk: ")


@pytest.fixture
def enrolled_log(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> Iterator[tuple[Database, ReachLog, Enrolment]]:
    database = open_database(tmp_path / "device")
    device = device_id(database)
    with CentralClient(central.url, allow_plain_http=True) as client:
        answer = client.enrol(new_code(db, new_site(db)), device)
    enrolment = Enrolment(central.url, answer.token, answer.site)
    save_enrolment(database, enrolment)
    reach = ReachLog(database, ReachContext(answer.site, device))
    yield database, reach, enrolment
    reach.close()
    database.close()


def wait_for(condition: threading.Event, timeout: float = 60) -> None:
    assert condition.wait(timeout), "the sync worker did not report in time"


def test_background_worker_drains_the_outbox_and_stops_when_revoked(
    enrolled_log: tuple[Database, ReachLog, Enrolment], db: CentralDatabase
) -> None:
    database, reach, enrolment = enrolled_log
    assert load_enrolment(database) == enrolment
    for _ in range(25):
        reach.record("visit")
    drained, stopped = threading.Event(), threading.Event()
    seen: list[SyncStatus] = []

    def on_status(status: SyncStatus) -> None:
        seen.append(status)
        if status.backlog == 0 and status.last_success is not None:
            drained.set()
        if status.stopped:
            stopped.set()

    worker = SyncWorker(
        reach,
        enrolment.central_url,
        enrolment.token,
        on_status=on_status,
        idle_interval=0.2,
        max_backoff=0.5,
        allow_plain_http=True,
    )
    worker.start()
    try:
        wait_for(drained)
        device = device_id(database)
        assert central_counts(db, device) == {"visit": 25}

        revoke_device(db, device)
        reach.record("visit")
        worker.wake()
        wait_for(stopped)
        assert seen[-1].stopped and seen[-1].backlog == 1
        assert "401" in (seen[-1].last_error or "") or "token" in (seen[-1].last_error or "")
        time.sleep(0.5)
        assert central_counts(db, device) == {"visit": 25}  # nothing after the revocation
    finally:
        worker.stop()


def test_reach_by_language_counts_each_kiosk_visit_in_its_language(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    """A funder asks how many people were reached in Punjabi: kiosk visits answer in their
    language (the first one each visitor chose), not under "not set"."""
    from datetime import date

    from sync.central.stats import tables
    from sync.stats.protocol import NOT_SET, StatsQuery

    data_dir = tmp_path / "kiosk"
    assert kiosk(data_dir, "simulate", "--visits", "60", "--seed", "11").returncode == 0
    site = new_site(db)  # the central holds other tests' devices too: this site's only
    code = new_code(db, site)
    enrolled = kiosk(data_dir, "enrol", code, "--central", central.url, "--allow-simulated")
    assert enrolled.returncode == 0, enrolled.stderr
    assert kiosk(data_dir, "sync", "--once").returncode == 0

    with sqlite3.connect(data_dir / "kiosk.sqlite3") as connection:
        logged = dict(
            connection.execute(
                "SELECT COALESCE(language, ?), COUNT(*) FROM reach_event "
                "WHERE kind = 'visit' AND channel = 'kiosk' GROUP BY language",
                (NOT_SET,),
            ).fetchall()
        )
        days = connection.execute("SELECT MIN(local_date), MAX(local_date) FROM reach_event")
        first, last = (date.fromisoformat(day) for day in days.fetchone())
    assert sum(logged.values()) == 60
    assert logged.get(NOT_SET, 0) == 0  # every simulated visitor chose a language
    query = StatsQuery(
        period="custom",
        start=first,
        end=last,
        group_by=("language",),
        filters={"channel": ["kiosk"], "site": [site]},
        raw=True,
    )
    with db.sessions() as session:
        published = tables.run(session, query)
    by_language = {
        row.key[0]: total.value
        for row, total in zip(published.rows, published.row_totals, strict=True)
    }
    assert by_language == logged
    assert len(by_language) >= 5
