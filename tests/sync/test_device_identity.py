"""A device id belongs to the device that enrolled it: a clone of its disk, or anyone holding an
enrolment code, cannot take it over (issue 15, point 4).

Over real HTTP against a real central, on SQLite and on PostgreSQL: enrolling a known device id
without its current token is refused with 409 (reason ``device_id_taken``) and leaves the code
unused, while the device keeps syncing; a device moved to another site enrols again with its
token; two kiosks installed from one copied data folder both enrol, each with its own code, and
both sync, under distinct ids, with every event counted once.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from central_process import CentralProcess, run_central
from fault_proxy import FaultProxy
from fleet import Enrolled, batch, enrol, make_events, new_code, new_device_id, new_site
from kiosk_cli import kiosk
from sqlalchemy import func, select

from kiosk.enrolment import load_enrolment
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import device_id, open_database
from sync.central.credentials import code_hash
from sync.central.db.database import CentralDatabase
from sync.central.db.models import EnrolmentCode, Event, RollupDay

ENROL = "/api/v1/enrol"
BATCH = "/api/v1/events:batch"


def post_enrol(
    central: CentralProcess,
    code: str,
    device: str,
    token: str | None = None,
    request_id: str | None = None,
) -> requests.Response:
    body = {"code": code, "device": device}
    if request_id is not None:
        body["request_id"] = request_id
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.post(f"{central.url}{ENROL}", json=body, headers=headers, timeout=60)


def post_batch(central: CentralProcess, who: Enrolled, events: list[dict[str, object]]) -> int:
    return requests.post(
        f"{central.url}{BATCH}", json=batch(events), headers=who.headers, timeout=30
    ).status_code


def code_used(db: CentralDatabase, code: str) -> bool:
    with db.sessions() as session:
        row = session.scalars(
            select(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash(code))
        ).one()
    return row.used_at is not None


def assert_taken(answer: requests.Response) -> None:
    assert answer.status_code == 409, answer.text
    body = answer.json()
    assert body["reason"] == "device_id_taken"
    assert "already enrolled by another device" in body["detail"]
    assert "take a new device id" in body["detail"]


def test_a_known_device_id_is_not_taken_over_with_another_code(
    central: CentralProcess, db: CentralDatabase
) -> None:
    owner = enrol(central.url, db)
    stranger = enrol(central.url, db)
    assert post_batch(central, owner, make_events(owner, 3)) == 200
    code = new_code(db, new_site(db))  # a valid code, for another site even
    for token in (None, "okt_forged", stranger.token):  # none, a made-up one, another device's
        assert_taken(post_enrol(central, code, owner.device, token, str(uuid.uuid4())))
    assert not code_used(db, code)  # the refused tries left the code for a device of its own
    # The owner was not disturbed: its token works, its site is unchanged.
    assert post_batch(central, owner, make_events(owner, 3, first_seq=4)) == 200
    with db.sessions() as session:
        sites = set(session.scalars(select(Event.site).where(Event.device == owner.device)))
    assert sites == {owner.site}
    fresh = post_enrol(central, code, new_device_id())
    assert fresh.status_code == 201, fresh.text


def test_a_moved_device_enrols_again_with_its_token_and_only_with_it(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    assert post_batch(central, device, make_events(device, 2)) == 200
    elsewhere = new_site(db)
    request_id = str(uuid.uuid4())
    moved = post_enrol(central, new_code(db, elsewhere), device.device, device.token, request_id)
    assert moved.status_code == 201, moved.text
    assert (moved.json()["device"], moved.json()["site"]) == (device.device, elsewhere)
    there = Enrolled(device.device, elsewhere, moved.json()["token"])
    assert post_batch(central, device, make_events(device, 1, first_seq=3)) == 401
    assert post_batch(central, there, make_events(there, 1, first_seq=3)) == 200
    # The token it gave up proves nothing any more: whoever copied it cannot enrol with it.
    assert_taken(post_enrol(central, new_code(db, elsewhere), device.device, device.token))
    assert_taken(post_enrol(central, new_code(db, elsewhere), device.device))
    assert post_batch(central, there, make_events(there, 1, first_seq=4)) == 200


def test_a_moved_device_whose_answer_was_lost_retries_with_the_token_it_had(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    code, request_id = new_code(db, new_site(db)), str(uuid.uuid4())
    lost = post_enrol(central, code, device.device, device.token, request_id)
    assert lost.status_code == 201, lost.text  # the device never saw this answer
    # It still holds its old token (revoked now) and sends it again: the retry is recognised by
    # the code and request id, as for any device.
    again = post_enrol(central, code, device.device, device.token, request_id)
    assert again.status_code == 201, again.text
    retried = Enrolled(device.device, again.json()["site"], again.json()["token"])
    assert post_batch(central, retried, make_events(retried, 1)) == 200


def test_clones_racing_to_enrol_one_device_id_get_it_once(
    central: CentralProcess, db: CentralDatabase
) -> None:
    site = new_site(db)
    device = new_device_id()  # six installations of one disk image, enrolling at once
    codes = [new_code(db, site) for _ in range(6)]
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda code: post_enrol(central, code, device), codes))
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * 5
    for code, answer in zip(codes, answers, strict=True):
        assert code_used(db, code) == (answer.status_code == 201)
        if answer.status_code == 409:
            assert_taken(answer)
            assert post_enrol(central, code, new_device_id()).status_code == 201


def test_an_event_another_device_sent_first_counts_once(
    central: CentralProcess, db: CentralDatabase
) -> None:
    first = enrol(central.url, db)
    second = enrol(central.url, db)  # the clone, under the new id it took, at another site
    shared = make_events(first, 4)  # the backlog both copies of the data folder hold
    assert post_batch(central, first, shared[:2]) == 200
    as_second = [{**event, "device": second.device, "site": second.site} for event in shared]
    answer = requests.post(
        f"{central.url}{BATCH}", json=batch(as_second), headers=second.headers, timeout=30
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["duplicates"]) == (2, 2)
    again = requests.post(
        f"{central.url}{BATCH}", json=batch(shared), headers=first.headers, timeout=30
    )
    assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 4)
    with db.sessions() as session:
        stored = dict(
            session.execute(
                select(Event.uuid, Event.device).where(Event.uuid.in_([e["uuid"] for e in shared]))
            ).all()
        )
        counted = session.scalar(
            select(func.sum(RollupDay.events)).where(RollupDay.site.in_([first.site, second.site]))
        )
    # Counted once each, for the device that sent it first.
    assert stored == {
        event["uuid"]: first.device if index < 2 else second.device
        for index, event in enumerate(shared)
    }
    assert counted == 4
    # Under another device's id or not, an event never changes once sent.
    changed = {**as_second[0], "quantity": 3}
    conflict = requests.post(
        f"{central.url}{BATCH}", json=batch([changed]), headers=second.headers, timeout=30
    )
    assert conflict.status_code == 409
    assert conflict.json()["uuids"] == [changed["uuid"]]


# -- two kiosks from one disk image, end to end -------------------------------------------------


def log_visits(data_dir: Path, visits: int) -> None:
    """Visits logged the way the kiosk logs them, under the folder's own device id."""
    database = open_database(data_dir)
    enrolment = load_enrolment(database)
    site = enrolment.site if enrolment is not None else "unassigned"
    reach = ReachLog(database, ReachContext(site, device_id(database), "2026.11.0"))
    try:
        for number in range(visits):
            language = ("en", "es", "pa", "tl")[number % 4]
            reach.record("visit")
            reach.record("language_selected", language=language)
            reach.record("topic_viewed", language=language, topic="rights-at-work")
    finally:
        reach.close()
        database.close()


def local_events(data_dir: Path) -> dict[str, int]:
    """uuid -> quantity of every event the folder holds, and whether all are synced."""
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as connection:
        rows = connection.execute("SELECT uuid, quantity, synced_batch FROM reach_event")
        events = rows.fetchall()
    assert all(synced is not None for _, _, synced in events)
    return {uuid_: quantity for uuid_, quantity, _ in events}


def the_device_id(data_dir: Path) -> str:
    database = open_database(data_dir)
    try:
        return device_id(database)
    finally:
        database.close()


@pytest.fixture
def proxy(central: CentralProcess) -> Iterator[FaultProxy]:
    running = FaultProxy(central.port).start()
    yield running
    running.stop()


def test_two_kiosks_from_one_copied_data_folder_both_sync_and_count_once(
    central: CentralProcess, db: CentralDatabase, proxy: FaultProxy, tmp_path: Path
) -> None:
    first, second = tmp_path / "kiosk-a", tmp_path / "kiosk-b"
    log_visits(first, 10)  # real visits, pending: no enrolment yet
    shutil.copytree(first, second)  # the disk image, installed on a second kiosk
    shared = the_device_id(first)
    assert the_device_id(second) == shared

    arrivals, farms = new_site(db), new_site(db)
    enrolled = kiosk(first, "enrol", new_code(db, arrivals), "--central", central.url)
    assert enrolled.returncode == 0, enrolled.stderr
    synced = kiosk(first, "sync", "--once")  # the shared backlog, counted for the first kiosk
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("pushed 30 events")

    # The copy enrols with its own code, through a link that loses the answer to its second
    # request: the first is refused (the id is taken), the second enrols its new id.
    proxy.plan = lambda n: "drop_after" if n == 1 else "forward"
    copy = kiosk(second, "enrol", new_code(db, farms), "--central", proxy.url)
    assert copy.returncode == 0, copy.stderr
    assert proxy.actions == {"forward": 2, "drop_after": 1}
    renamed = the_device_id(second)
    assert renamed != shared
    assert f"device id {shared} is enrolled by another device" in copy.stdout
    assert f"enrolled: device {renamed} reports for site {farms}" in copy.stdout

    copied = kiosk(second, "sync", "--once")  # the same backlog again: nothing new
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.startswith("pushed 30 events in 1 batches (0 new, 30 already there)")

    # Both go on logging, the copy syncing first this time; the first kiosk was not locked out.
    log_visits(first, 4)
    log_visits(second, 5)
    for data_dir, new in ((second, 15), (first, 12)):
        pushed = kiosk(data_dir, "sync", "--once")
        assert pushed.returncode == 0, pushed.stderr
        assert pushed.stdout.startswith(f"pushed {new} events"), pushed.stdout

    every = {**local_events(first), **local_events(second)}
    assert len(every) == 30 + 12 + 15
    with db.sessions() as session:
        stored = dict(
            session.execute(
                select(Event.uuid, Event.device).where(Event.device.in_([shared, renamed]))
            ).all()
        )
        in_rollups = session.execute(
            select(func.sum(RollupDay.events), func.sum(RollupDay.quantity)).where(
                RollupDay.site.in_([arrivals, farms])
            )
        ).one()
    assert stored == {
        **dict.fromkeys(local_events(first), shared),
        **dict.fromkeys(set(local_events(second)) - set(local_events(first)), renamed),
    }
    assert tuple(in_rollups) == (len(every), sum(every.values()))

    listed = run_central(db.url, "device", "list")
    assert listed.returncode == 0, listed.stderr
    rows = {row.split("\t")[0]: row.split("\t") for row in listed.stdout.splitlines()[1:]}
    assert (rows[shared][1], rows[shared][4], rows[shared][5]) == (arrivals, "42", "active")
    assert (rows[renamed][1], rows[renamed][4], rows[renamed][5]) == (farms, "15", "active")


def test_a_moved_kiosk_enrols_again_under_its_own_id(
    central: CentralProcess, db: CentralDatabase, tmp_path: Path
) -> None:
    data_dir = tmp_path / "kiosk"
    log_visits(data_dir, 2)
    first = kiosk(data_dir, "enrol", new_code(db, new_site(db)), "--central", central.url)
    assert first.returncode == 0, first.stderr
    device = the_device_id(data_dir)
    assert kiosk(data_dir, "sync", "--once").returncode == 0
    moved_to = new_site(db)
    moved = kiosk(data_dir, "enrol", new_code(db, moved_to), "--central", central.url)
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.strip() == (
        f"enrolled: device {device} reports for site {moved_to} to {central.url}"
    )
    assert the_device_id(data_dir) == device
    log_visits(data_dir, 1)
    pushed = kiosk(data_dir, "sync", "--once")
    assert pushed.returncode == 0, pushed.stderr
    with db.sessions() as session:
        sites = dict(
            session.execute(
                select(Event.site, func.count()).where(Event.device == device).group_by(Event.site)
            ).all()
        )
    assert sites[moved_to] == 3
