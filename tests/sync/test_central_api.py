"""The central's device API over real HTTP, against a real server on SQLite and on PostgreSQL."""

from __future__ import annotations

import gzip
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from central_process import CentralProcess
from fleet import (
    batch,
    enrol,
    make_event,
    make_events,
    new_code,
    new_device_id,
    new_site,
    stored_count,
    stored_uuids,
)
from sqlalchemy import select

from sync.central.admin import create_enrolment_code, revoke_device
from sync.central.credentials import code_hash, token_hash
from sync.central.db.database import CentralDatabase
from sync.central.db.models import DeviceToken, EnrolmentCode
from sync.central.db.models import Event as StoredEvent
from sync.central.errors import utcnow

BATCH = "/api/v1/events:batch"


def post_batch(central: CentralProcess, headers: dict[str, str], body: object) -> requests.Response:
    return requests.post(f"{central.url}{BATCH}", json=body, headers=headers, timeout=30)


def test_health_and_published_schema(central: CentralProcess, db: CentralDatabase) -> None:
    health = requests.get(f"{central.url}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json() == {
        "status": "ok",
        "database": db.engine.dialect.name,
        "protocol": 1,
    }
    schema = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    assert {"/api/v1/enrol", BATCH, "/api/v1/content/manifest", "/healthz"} <= set(schema["paths"])
    event = schema["components"]["schemas"]["Event"]
    assert event["additionalProperties"] is False
    assert "rights" not in json.dumps(event["properties"]["kind"])
    assert "visit" in event["properties"]["kind"]["enum"]


def test_enrolment_gives_a_token_the_central_keeps_only_as_a_hash(
    central: CentralProcess, db: CentralDatabase
) -> None:
    site = new_site(db)
    device = new_device_id()
    answer = requests.post(
        f"{central.url}/api/v1/enrol",
        json={"code": new_code(db, site), "device": device},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["device"], body["site"], body["token_type"]) == (device, site, "bearer")
    token = body["token"]
    assert len(token) > 40
    with db.sessions() as session:
        stored = session.scalars(select(DeviceToken).where(DeviceToken.device == device)).all()
    assert [row.token_hash for row in stored] == [token_hash(token)]
    assert token not in stored[0].token_hash


def test_an_enrolment_code_works_once(central: CentralProcess, db: CentralDatabase) -> None:
    site = new_site(db)
    code = new_code(db, site)
    url = f"{central.url}/api/v1/enrol"
    first = requests.post(url, json={"code": code, "device": new_device_id()}, timeout=30)
    assert first.status_code == 201
    for device in (new_device_id(), first.json()["device"]):
        replay = requests.post(url, json={"code": code, "device": device}, timeout=30)
        assert replay.status_code == 403
        assert "already used" in replay.json()["detail"]


def test_a_code_is_typed_case_and_dash_insensitively(
    central: CentralProcess, db: CentralDatabase
) -> None:
    code = new_code(db, new_site(db))
    sloppy = code.replace("-", "").lower()
    answer = requests.post(
        f"{central.url}/api/v1/enrol", json={"code": sloppy, "device": new_device_id()}, timeout=30
    )
    assert answer.status_code == 201, answer.text


def test_an_expired_or_unknown_code_is_refused(
    central: CentralProcess, db: CentralDatabase
) -> None:
    site = new_site(db)
    expired = create_enrolment_code(db, site, timedelta(hours=1), now=utcnow() - timedelta(hours=2))
    url = f"{central.url}/api/v1/enrol"
    answer = requests.post(url, json={"code": expired.code, "device": new_device_id()}, timeout=30)
    assert answer.status_code == 403
    assert "expired" in answer.json()["detail"]
    unknown = requests.post(
        url, json={"code": "AAAA-BBBB-CCCC-DDDD", "device": new_device_id()}, timeout=30
    )
    assert unknown.status_code == 403
    assert "not known" in unknown.json()["detail"]


def test_devices_racing_for_one_code_get_one_token(
    central: CentralProcess, db: CentralDatabase
) -> None:
    code = new_code(db, new_site(db))

    def attempt(_: int) -> int:
        return requests.post(
            f"{central.url}/api/v1/enrol",
            json={"code": code, "device": new_device_id()},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(attempt, range(8)))
    assert statuses == [201] + [403] * 7
    with db.sessions() as session:
        claimed = session.scalars(
            select(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash(code))
        ).one()
    assert claimed.used_at is not None
    assert claimed.used_by is not None


def test_enrolling_again_replaces_the_old_token(
    central: CentralProcess, db: CentralDatabase
) -> None:
    first = enrol(central.url, db)
    code = new_code(db, first.site)
    url = f"{central.url}/api/v1/enrol"
    without = requests.post(url, json={"code": code, "device": first.device}, timeout=30)
    assert (
        without.status_code == 409
    )  # only the holder of the device's token (test_device_identity)
    again = requests.post(
        url, json={"code": code, "device": first.device}, headers=first.headers, timeout=30
    )
    assert again.status_code == 201
    new_headers = {"Authorization": f"Bearer {again.json()['token']}"}
    events = make_events(first, 2)
    assert post_batch(central, first.headers, batch(events)).status_code == 401
    assert post_batch(central, new_headers, batch(events)).status_code == 200


def test_a_batch_counts_once_however_often_it_is_sent(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 50)
    body = batch(events)
    first = post_batch(central, device.headers, body)
    assert first.status_code == 200, first.text
    assert first.json() == {"batch_id": body["batch_id"], "accepted": 50, "duplicates": 0}
    again = post_batch(central, device.headers, body)
    assert again.json() == {"batch_id": body["batch_id"], "accepted": 0, "duplicates": 50}
    # The same events in another batch, mixed with new ones: only the new ones count.
    more = make_events(device, 10, first_seq=51)
    mixed = post_batch(central, device.headers, batch(events[:20] + more))
    assert (mixed.json()["accepted"], mixed.json()["duplicates"]) == (10, 20)
    assert sorted(stored_uuids(db, device.device)) == sorted(e["uuid"] for e in events + more)


def test_every_field_is_stored_as_sent(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    event = make_event(
        device.device,
        device.site,
        7,
        channel="outreach",
        kind="outreach_session",
        quantity=23,
        assisted=True,
        region="thompson-okanagan",
        sector="agriculture",
        stream="sawp",
        language="es",
        topic=None,
    )
    body = batch([event])
    assert post_batch(central, device.headers, body).status_code == 200
    with db.sessions() as session:
        row = session.scalars(select(StoredEvent).where(StoredEvent.uuid == event["uuid"])).one()
    stored = {name: getattr(row, name) for name in event}
    stored["local_date"] = stored["local_date"].isoformat()
    assert stored == event
    assert row.batch_id == body["batch_id"]
    assert (row.received_hour.minute, row.received_hour.second) == (0, 0)


def test_a_known_uuid_with_other_content_is_a_409_naming_it_and_writes_nothing(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 5)
    assert post_batch(central, device.headers, batch(events)).status_code == 200
    changed = {**events[2], "quantity": 5}
    fresh = make_events(device, 3, first_seq=6)
    answer = post_batch(central, device.headers, batch([*fresh, changed]))
    assert answer.status_code == 409
    assert answer.json()["uuids"] == [events[2]["uuid"]]
    assert events[2]["uuid"] in answer.json()["uuids"]
    assert stored_count(db, device.device) == 5  # the fresh events were not stored either


def test_repeats_inside_one_batch(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    event = make_events(device, 1)[0]
    same = post_batch(central, device.headers, batch([event, dict(event)]))
    assert (same.json()["accepted"], same.json()["duplicates"]) == (1, 1)
    other = make_events(device, 1, first_seq=2)[0]
    clash = post_batch(central, device.headers, batch([other, {**other, "hour_bucket": 3}]))
    assert clash.status_code == 409
    assert clash.json()["uuids"] == [other["uuid"]]
    assert stored_count(db, device.device) == 1


def stored_sites(db: CentralDatabase, device: str) -> dict[str, str]:
    with db.sessions() as session:
        rows = session.execute(
            select(StoredEvent.uuid, StoredEvent.site).where(StoredEvent.device == device)
        )
        return {uuid_: site for uuid_, site in rows}


def test_events_count_at_the_site_the_device_is_enrolled_for(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    before_enrolment = make_event(device.device, "unassigned", 1)  # the device's default site
    elsewhere = make_event(device.device, new_site(db), 2)  # a site it is not enrolled for
    answer = post_batch(central, device.headers, batch([before_enrolment, elsewhere]))
    assert answer.status_code == 200, answer.text
    assert set(stored_sites(db, device.device).values()) == {device.site}
    # Moved to another site and enrolled there, the device retries the batch whose answer it
    # lost: still a duplicate, counted once, at the site where it first arrived.
    moved = requests.post(
        f"{central.url}/api/v1/enrol",
        json={"code": new_code(db, new_site(db)), "device": device.device},
        headers=device.headers,  # its token proves the device id is its own
        timeout=30,
    )
    assert moved.status_code == 201, moved.text
    headers = {"Authorization": f"Bearer {moved.json()['token']}"}
    retried = post_batch(central, headers, batch([before_enrolment, elsewhere]))
    assert (retried.json()["accepted"], retried.json()["duplicates"]) == (0, 2)
    later = make_event(device.device, device.site, 3)
    assert post_batch(central, headers, batch([later])).status_code == 200
    sites = stored_sites(db, device.device)
    assert sites[later["uuid"]] == moved.json()["site"] != device.site
    assert sites[elsewhere["uuid"]] == device.site


def test_a_device_may_only_submit_its_own_events(
    central: CentralProcess, db: CentralDatabase
) -> None:
    mine = enrol(central.url, db)
    other = enrol(central.url, db, site=mine.site)
    theirs = make_events(other, 2)
    answer = post_batch(central, mine.headers, batch([*make_events(mine, 2), *theirs]))
    assert answer.status_code == 403
    assert sorted(answer.json()["uuids"]) == sorted(e["uuid"] for e in theirs)
    assert stored_count(db, mine.device) == 0
    assert stored_count(db, other.device) == 0


def test_no_unknown_or_revoked_token_adds_counts(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 3)
    missing = post_batch(central, {}, batch(events))
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    forged = post_batch(central, {"Authorization": "Bearer okt_forged"}, batch(events))
    assert forged.status_code == 401
    revoke_device(db, device.device)
    revoked = post_batch(central, device.headers, batch(events))
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["detail"]
    assert stored_count(db, device.device) == 0
    # A revoked device cannot come back with a fresh code either.
    again = requests.post(
        f"{central.url}/api/v1/enrol",
        json={"code": new_code(db, device.site), "device": device.device},
        timeout=30,
    )
    assert again.status_code == 403


def test_a_gzip_body_is_accepted(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    body = json.dumps(batch(make_events(device, 200))).encode()
    answer = requests.post(
        f"{central.url}{BATCH}",
        data=gzip.compress(body),
        headers={
            **device.headers,
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seq": "12"}, "seq"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 10_001}, "quantity"),
        ({"kind": "name_given"}, "kind"),
        ({"language": "Maria Lopez"}, "language"),
        ({"topic": "call 604-555-0100"}, "topic"),
        ({"local_date": "2026-11-21T14:37:12"}, "local_date"),
        ({"local_date": "2026-02-30"}, "local_date"),
        ({"hour_bucket": 24}, "hour_bucket"),
        ({"assisted": "yes"}, "assisted"),
        ({"region": "vancouver"}, "region"),
        ({"uuid": "not-a-uuid"}, "uuid"),
        ({"note": "free text"}, "note"),
    ],
)
def test_a_bad_event_is_a_422_naming_the_field_and_nothing_is_stored(
    central: CentralProcess, db: CentralDatabase, change: dict[str, object], field: str
) -> None:
    device = enrol(central.url, db)
    good, bad = make_events(device, 2)
    bad.update(change)
    answer = post_batch(central, device.headers, batch([good, bad]))
    assert answer.status_code == 422
    problem = answer.json()
    assert field in problem["detail"]
    assert ["body", "events", "1", field] in [error["loc"] for error in problem["errors"]]
    assert stored_count(db, device.device) == 0


def test_too_many_events_or_malformed_bodies_are_refused(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    event = make_events(device, 1)[0]
    too_many = post_batch(central, device.headers, batch([event] * 5_001))
    assert too_many.status_code in (413, 422)  # over 2 MiB as JSON, or over 5,000 events
    not_json = requests.post(
        f"{central.url}{BATCH}",
        data=b'{"batch_id": "',
        headers={**device.headers, "Content-Type": "application/json"},
        timeout=30,
    )
    assert not_json.status_code == 422
    empty = post_batch(central, device.headers, batch([]))
    assert empty.status_code == 422
    for body in ([], "text", {"events": [event]}):
        assert post_batch(central, device.headers, body).status_code == 422
    assert stored_count(db, device.device) == 0


def test_a_batch_of_5000_small_events_fits(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 5_000)
    answer = post_batch(central, device.headers, batch(events))
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["accepted"] == 5_000


def test_a_second_batch_id_is_just_a_label(central: CentralProcess, db: CentralDatabase) -> None:
    device = enrol(central.url, db)
    events = make_events(device, 4)
    first = post_batch(central, device.headers, batch(events))
    second = post_batch(central, device.headers, batch(events, batch_id=str(uuid.uuid4())))
    assert (first.json()["accepted"], second.json()["duplicates"]) == (4, 4)


def test_the_same_batch_sent_concurrently_is_stored_once(
    central: CentralProcess, db: CentralDatabase
) -> None:
    device = enrol(central.url, db)
    body = batch(make_events(device, 500))

    def send(_: int) -> tuple[int, int, int]:
        answer = post_batch(central, device.headers, body)
        result = answer.json()
        return answer.status_code, result.get("accepted", -1), result.get("duplicates", -1)

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(send, range(6)))
    assert [status for status, _, _ in results] == [200] * 6
    assert sum(accepted for _, accepted, _ in results) == 500
    assert sum(accepted + duplicates for _, accepted, duplicates in results) == 6 * 500
    assert stored_count(db, device.device) == 500
