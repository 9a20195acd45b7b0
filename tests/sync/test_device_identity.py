"""A device id belongs to the device that enrolled it: a clone of its disk, or anyone holding an
enrolment code, cannot take it over (issue 15, point 4).

Over real HTTP against a real central, on SQLite and on PostgreSQL: enrolling a known device id
without its current token is refused with 409 (reason ``device_id_taken``) and leaves the code
unused, while the device keeps syncing; a device moved to another site enrols again with its
token; an event a clone sends under its new id after its twin sent it is a duplicate.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import requests
from central_process import CentralProcess
from fleet import Enrolled, batch, enrol, make_events, new_code, new_device_id, new_site
from sqlalchemy import func, select

from sync.central.credentials import code_hash
from sync.central.database import CentralDatabase
from sync.central.models import EnrolmentCode, Event, RollupDay

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
