"""Reach events with known totals, and signed-in people, for the statistics tests.

Events go in the way devices send them (POST /api/v1/events:batch to a real central), people
are added the way ``outreach-central user add`` adds them and sign in over HTTP.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import requests
from central_process import CentralProcess
from fleet import Enrolled, batch, make_event

from sync.central.admin import add_user
from sync.central.db.database import CentralDatabase

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Spec:
    """``count`` events with these fields (the rest as a kiosk visit on 2026-07-15)."""

    count: int
    fields: dict[str, Any]


def kiosk(count: int, **fields: Any) -> Spec:
    return Spec(count, {"channel": "kiosk", "kind": "visit", **fields})


def outreach(count: int, **fields: Any) -> Spec:
    return Spec(count, {"channel": "outreach", "kind": "outreach_session", **fields})


def events_of(device: Enrolled, specs: Iterable[Spec]) -> list[dict[str, Any]]:
    events = []
    seq = 0
    for spec in specs:
        for _ in range(spec.count):
            seq += 1
            base = {
                "channel": "kiosk",
                "kind": "visit",
                "language": "en",
                "topic": None,
                "quantity": 1,
                "local_date": "2026-07-15",
                "hour_bucket": 10,
            }
            events.append(make_event(device.device, device.site, seq, **{**base, **spec.fields}))
    return events


def push(central: CentralProcess, device: Enrolled, events: list[dict[str, Any]]) -> None:
    for start in range(0, len(events), 2000):
        answer = requests.post(
            f"{central.url}/api/v1/events:batch",
            json=batch(events[start : start + 2000]),
            headers=device.headers,
            timeout=60,
        )
        assert answer.status_code == 200, answer.text


def new_person(db: CentralDatabase, role: str) -> str:
    name = f"{role}-{uuid.uuid4().hex[:8]}"
    add_user(db, name, role, PASSWORD)
    return name


def sign_in(central: CentralProcess, name: str, password: str = PASSWORD) -> dict[str, str]:
    answer = requests.post(
        f"{central.url}/api/v1/auth/token", json={"name": name, "password": password}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def get_stats(
    central: CentralProcess, headers: dict[str, str], params: list[tuple[str, str]]
) -> requests.Response:
    return requests.get(f"{central.url}/api/v1/stats", params=params, headers=headers, timeout=60)


# A quarter at one site, with known figures: reach by language es 73, en 25, pa 4 (small),
# zh-Hans 12; kiosk 81, outreach 33; cards 6; languages asked for: so 2, am 7.
SCENARIO = [
    kiosk(40, language="es"),
    kiosk(3, language="es", local_date="2026-08-10"),
    kiosk(25, language="en", local_date="2026-07-20"),
    kiosk(1, language="pa", local_date="2026-09-01"),
    kiosk(12, language="zh-Hans", local_date="2026-08-05"),
    outreach(
        1,
        quantity=30,
        language="es",
        region="mainland-southwest",
        sector="agriculture",
        stream="sawp",
        local_date="2026-07-22",
    ),
    outreach(
        1,
        quantity=3,
        language="pa",
        region="thompson-okanagan",
        sector="agriculture",
        local_date="2026-08-12",
    ),
    kiosk(20, kind="topic_viewed", language="es", topic="rights-at-work"),
    kiosk(6, kind="card_printed", language="es"),
    kiosk(2, kind="language_requested", language="so"),
    kiosk(7, kind="language_requested", language="am"),
    kiosk(5, language="es", local_date="2026-10-01"),  # the next quarter
]
# The languages those visits and sessions were held in, as devices record them: a visit starts
# before its language is chosen, so the choice is its own event (one per language and visit),
# and an outreach session records one per language used: es 69, en 22, pa 4 (small), zh-Hans 12
# (other figures than reach by language, so a table of the wrong one shows).
LANGUAGE_CHOICES = [
    kiosk(40, kind="language_selected", language="es"),
    kiosk(28, kind="language_selected", language="es", local_date="2026-08-10"),
    outreach(1, kind="language_selected", language="es", region="mainland-southwest"),
    kiosk(22, kind="language_selected", language="en", local_date="2026-07-20"),
    kiosk(3, kind="language_selected", language="pa", local_date="2026-09-01"),
    outreach(1, kind="language_selected", language="pa", region="thompson-okanagan"),
    kiosk(12, kind="language_selected", language="zh-Hans", local_date="2026-08-05"),
]
