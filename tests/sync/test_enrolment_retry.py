"""Enrolment over a bad link: a lost answer is retried with the same request id, never replayed.

Against a real central (SQLite and PostgreSQL) behind the misbehaving proxy of fault_proxy.py,
which drops the central's answer after it committed the enrolment and keeps that answer, so the
test knows the token the device never got. The retry must enrol the device once, with a fresh
token, and void the lost one; a used code with any other request id stays refused.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from central_process import CentralProcess
from fault_proxy import FaultProxy, answer_body
from fleet import Enrolled, batch, make_events, new_code, new_device_id, new_site
from kiosk_cli import kiosk
from sqlalchemy import select, update

from kiosk.enrolment import Enrolment, enrolment_request_id, load_enrolment, save_enrolment
from kiosk.storage.database import device_id, open_database
from sync.central.admin import revoke_device
from sync.central.credentials import code_hash, token_hash
from sync.central.db.database import CentralDatabase
from sync.central.db.models import Device, DeviceToken, EnrolmentCode
from sync.central.errors import utcnow
from sync.client import CentralClient
from sync.errors import RetryableSyncError

ENROL = "/api/v1/enrol"
BATCH = "/api/v1/events:batch"


def post_enrol(url: str, code: str, device: str, request_id: str | None) -> requests.Response:
    body = {"code": code, "device": device}
    if request_id is not None:
        body["request_id"] = request_id
    return requests.post(f"{url}{ENROL}", json=body, timeout=60)


def push_works(central: CentralProcess, device: Enrolled) -> int:
    """The status of a one-event push with ``device``'s token."""
    return requests.post(
        f"{central.url}{BATCH}",
        json=batch(make_events(device, 1)),
        headers=device.headers,
        timeout=30,
    ).status_code


def tokens_of(db: CentralDatabase, device: str) -> list[DeviceToken]:
    with db.sessions() as session:
        return list(
            session.scalars(
                select(DeviceToken).where(DeviceToken.device == device).order_by(DeviceToken.id)
            )
        )


def code_row(db: CentralDatabase, code: str) -> EnrolmentCode:
    with db.sessions() as session:
        return session.scalars(
            select(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash(code))
        ).one()


@pytest.fixture
def proxy(central: CentralProcess) -> Iterator[FaultProxy]:
    running = FaultProxy(central.port).start()
    yield running
    running.stop()


def test_a_lost_answer_is_answered_again_and_the_lost_token_is_void(
    central: CentralProcess, db: CentralDatabase, proxy: FaultProxy
) -> None:
    site = new_site(db)
    code = new_code(db, site)
    device = new_device_id()
    request_id = str(uuid.uuid4())
    proxy.plan = lambda n: "drop_after" if n == 0 else "forward"
    with CentralClient(proxy.url) as client:
        with pytest.raises(RetryableSyncError, match="cannot reach"):
            client.enrol(code, device, request_id)
        # The central did enrol the device: its answer is what the proxy dropped.
        status, body = answer_body(proxy.withheld[0])
        assert status == 201
        lost = json.loads(body)
        assert (lost["device"], lost["site"]) == (device, site)
        answer = client.enrol(code, device, request_id)
    assert (answer.device, answer.site) == (device, site)
    assert answer.token != lost["token"]

    with db.sessions() as session:
        enrolled = session.get(Device, device)
    assert enrolled is not None and enrolled.site == site
    used = code_row(db, code)
    assert (used.used_by, used.reissues) == (device, 1)
    tokens = tokens_of(db, device)
    assert [row.token_hash for row in tokens] == [
        token_hash(lost["token"]),
        token_hash(answer.token),
    ]
    assert tokens[0].revoked_at is not None and tokens[1].revoked_at is None

    assert push_works(central, Enrolled(device, site, lost["token"])) == 401
    assert push_works(central, Enrolled(device, site, answer.token)) == 200

    # A replay is refused: another request id, or the request id with another device.
    for other_device, other_request in (
        (device, str(uuid.uuid4())),
        (new_device_id(), request_id),
        (device, None),
    ):
        replay = post_enrol(central.url, code, other_device, other_request)
        assert replay.status_code == 403, replay.text
        assert "already used" in replay.json()["detail"]
    assert len(tokens_of(db, device)) == 2
    assert push_works(central, Enrolled(device, site, answer.token)) == 200


def test_no_retry_after_the_code_expired(central: CentralProcess, db: CentralDatabase) -> None:
    code = new_code(db, new_site(db))
    device, request_id = new_device_id(), str(uuid.uuid4())
    first = post_enrol(central.url, code, device, request_id)
    assert first.status_code == 201, first.text
    with db.sessions.begin() as session:  # the code's validity runs out
        session.execute(
            update(EnrolmentCode)
            .where(EnrolmentCode.code_hash == code_hash(code))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    late = post_enrol(central.url, code, device, request_id)
    assert late.status_code == 403
    assert "expired" in late.json()["detail"]
    tokens = tokens_of(db, device)
    assert len(tokens) == 1 and tokens[0].revoked_at is None  # the device's token still works


def test_no_retry_for_a_revoked_device(central: CentralProcess, db: CentralDatabase) -> None:
    code = new_code(db, new_site(db))
    device, request_id = new_device_id(), str(uuid.uuid4())
    assert post_enrol(central.url, code, device, request_id).status_code == 201
    revoke_device(db, device)
    again = post_enrol(central.url, code, device, request_id)
    assert again.status_code == 403
    assert "revoked" in again.json()["detail"]
    assert code_row(db, code).reissues == 0


def test_a_code_used_without_a_request_id_stays_single_use(
    central: CentralProcess, db: CentralDatabase
) -> None:
    code = new_code(db, new_site(db))
    device = new_device_id()
    assert post_enrol(central.url, code, device, None).status_code == 201  # an older device
    for request_id in (None, str(uuid.uuid4())):
        assert post_enrol(central.url, code, device, request_id).status_code == 403
    assert len(tokens_of(db, device)) == 1


def test_the_request_id_is_a_uuid4(central: CentralProcess, db: CentralDatabase) -> None:
    code = new_code(db, new_site(db))
    for bad in ("not-a-uuid", str(uuid.uuid1()), str(uuid.uuid4()).upper(), 7):
        answer = requests.post(
            f"{central.url}{ENROL}",
            json={"code": code, "device": new_device_id(), "request_id": bad},
            timeout=30,
        )
        assert answer.status_code == 422, bad
        assert "request_id" in answer.json()["detail"]
    assert code_row(db, code).used_at is None  # nothing was written


def test_retries_racing_leave_exactly_one_valid_token(
    central: CentralProcess, db: CentralDatabase
) -> None:
    site = new_site(db)
    code = new_code(db, site)
    device, request_id = new_device_id(), str(uuid.uuid4())

    def attempt(_: int) -> requests.Response:
        return post_enrol(central.url, code, device, request_id)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(attempt, range(6)))
    assert [answer.status_code for answer in answers] == [201] * 6
    tokens = tokens_of(db, device)
    assert len(tokens) == 6
    valid = [row for row in tokens if row.revoked_at is None]
    assert len(valid) == 1
    assert code_row(db, code).reissues == 5
    working = [
        answer.json()["token"]
        for answer in answers
        if push_works(central, Enrolled(device, site, answer.json()["token"])) == 200
    ]
    assert [token_hash(token) for token in working] == [valid[0].token_hash]


def test_the_request_id_is_kept_until_the_token_is_saved(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    first = enrolment_request_id(database)
    assert enrolment_request_id(database) == first
    database.close()
    reopened = open_database(tmp_path)  # a crash or a restart before the answer came
    assert enrolment_request_id(reopened) == first
    uuid.UUID(first, version=4)
    save_enrolment(reopened, Enrolment("https://central.example.org", "okt_x", "site-a"))
    assert load_enrolment(reopened) is not None
    assert enrolment_request_id(reopened) != first  # the next enrolment is a new request
    reopened.close()


def test_the_kiosk_command_retries_itself_after_a_lost_answer(
    central: CentralProcess, db: CentralDatabase, proxy: FaultProxy, tmp_path: Path
) -> None:
    site = new_site(db)
    code = new_code(db, site)
    proxy.plan = lambda n: "drop_after" if n == 0 else "forward"
    enrolled = kiosk(tmp_path, "enrol", code, "--central", proxy.url)
    assert enrolled.returncode == 0, enrolled.stderr
    assert proxy.actions == {"drop_after": 1, "forward": 1}
    database = open_database(tmp_path)
    device = device_id(database)
    saved = load_enrolment(database)
    database.close()
    assert saved is not None
    tokens = tokens_of(db, device)
    assert [row.revoked_at is None for row in tokens] == [False, True]
    assert tokens[1].token_hash == token_hash(saved.token)
    pushed = kiosk(tmp_path, "sync", "--once")
    assert pushed.returncode == 0, pushed.stderr


def test_running_the_command_again_after_it_gave_up_enrols_once(
    central: CentralProcess, db: CentralDatabase, proxy: FaultProxy, tmp_path: Path
) -> None:
    code = new_code(db, new_site(db))
    proxy.plan = lambda _n: "drop_after"
    given_up = kiosk(tmp_path, "enrol", code, "--central", proxy.url, "--attempts", "2")
    assert given_up.returncode == 1
    assert "run the same command again with the same code" in given_up.stderr
    assert proxy.actions["drop_after"] == 2
    # The link is back: the same code, the same (saved) request id, answered again.
    again = kiosk(tmp_path, "enrol", code, "--central", central.url)
    assert again.returncode == 0, again.stderr
    database = open_database(tmp_path)
    device = device_id(database)
    saved = load_enrolment(database)
    database.close()
    assert saved is not None
    tokens = tokens_of(db, device)
    assert [row.revoked_at is None for row in tokens] == [False, False, True]
    assert tokens[-1].token_hash == token_hash(saved.token)
    assert push_works(central, Enrolled(device, saved.site, saved.token)) == 200
