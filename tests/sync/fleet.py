"""Sites, enrolled devices and reach events for tests: made the way a coordinator and a device
would make them (the admin functions, then POST /api/v1/enrol over HTTP)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from sqlalchemy import func, select

from sync.central.admin import add_site, create_enrolment_code
from sync.central.db.database import CentralDatabase
from sync.central.db.models import Event


@dataclass(frozen=True)
class Enrolled:
    device: str
    site: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_site(database: CentralDatabase) -> str:
    code = f"site-{uuid.uuid4().hex[:10]}"
    add_site(database, code, "Test site")
    return code


def new_device_id() -> str:
    return f"dev-{uuid.uuid4().hex[:12]}"


def new_code(database: CentralDatabase, site: str, lifetime: timedelta = timedelta(hours=1)) -> str:
    return create_enrolment_code(database, site, lifetime).code


def enrol(url: str, database: CentralDatabase, site: str | None = None) -> Enrolled:
    site = site or new_site(database)
    device = new_device_id()
    answer = requests.post(
        f"{url}/api/v1/enrol",
        json={"code": new_code(database, site), "device": device},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return Enrolled(device=device, site=site, token=answer.json()["token"])


def make_event(device: str, site: str, seq: int, **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "seq": seq,
        "site": site,
        "device": device,
        "channel": "kiosk",
        "kind": ("visit", "language_selected", "topic_viewed")[seq % 3],
        "language": ("en", "es", "zh-Hans", "pa")[seq % 4],
        "topic": "rights-at-work" if seq % 3 == 2 else None,
        "quantity": 1,
        "assisted": False,
        "local_date": "2026-11-21",
        "hour_bucket": seq % 24,
        "content_version": "2026.11.0",
        "region": None,
        "sector": None,
        "stream": None,
    }
    event.update(changes)
    return event


def make_events(who: Enrolled, count: int, first_seq: int = 1) -> list[dict[str, Any]]:
    return [make_event(who.device, who.site, seq) for seq in range(first_seq, first_seq + count)]


def batch(events: list[dict[str, Any]], batch_id: str | None = None) -> dict[str, Any]:
    return {"batch_id": batch_id or str(uuid.uuid4()), "events": events}


def stored_uuids(database: CentralDatabase, device: str) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(Event.uuid).where(Event.device == device)))


def stored_count(database: CentralDatabase, device: str) -> int:
    with database.sessions() as session:
        return int(
            session.scalar(select(func.count()).select_from(Event).where(Event.device == device))
            or 0
        )
