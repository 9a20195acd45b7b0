"""Migration 0004 stores event uuids compactly and converts the events already stored, both ways."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, column, insert, select, table, text

from sync.central.db.database import CentralDatabase, downgrade, upgrade
from sync.central.db.ingest import ingest
from sync.central.db.models import Event
from sync.protocol import EVENT_FIELDS, EventBatch

NOW = datetime(2026, 11, 1, 12)


def old_events(count: int) -> list[dict[str, object]]:
    rng = random.Random(4)
    return [
        {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "seq": seq,
            "site": "site-a",
            "device": "dev-m",
            "channel": "kiosk",
            "kind": "visit",
            "language": None,
            "topic": None,
            "quantity": 1,
            "assisted": seq % 2 == 0,
            "local_date": "2026-10-0" + str(1 + seq % 9),
            "hour_bucket": seq % 24,
            "content_version": None,
            "region": None,
            "sector": None,
            "stream": None,
        }
        for seq in range(1, count + 1)
    ]


def parse(events: list[dict[str, object]]) -> EventBatch:
    return EventBatch.model_validate_json(
        json.dumps({"batch_id": str(uuid.uuid4()), "events": events})
    )


def text_event_table() -> object:
    """The events table before 0004: uuids as text."""
    return table(
        "event",
        *(column(name) for name in EVENT_FIELDS if name != "local_date"),
        column("local_date", Date()),
        column("batch_id"),
        column("received_hour", DateTime()),
    )


def stored(db: CentralDatabase) -> dict[int, str]:
    with db.engine.connect() as connection:
        return dict(connection.execute(select(Event.id, Event.uuid)).all())


def test_stored_uuids_are_converted_and_still_recognised(central_db: CentralDatabase) -> None:
    events = old_events(300)
    downgrade(central_db.engine, "0003")
    rows = [
        {**event, "local_date": date.fromisoformat(str(event["local_date"])), "batch_id": "b"}
        | {"received_hour": NOW}
        for event in events
    ]
    with central_db.engine.begin() as connection:
        connection.execute(insert(text_event_table()), rows)  # type: ignore[arg-type]
        before = dict(connection.execute(text("SELECT id, uuid FROM event")).all())
    upgrade(central_db.engine)
    assert stored(central_db) == before  # the same uuids under the same ids
    assert sorted(before.values()) == sorted(str(event["uuid"]) for event in events)
    # Sent again after the upgrade, the old events are known: duplicates, nothing new stored.
    batch = parse(events[:50])
    with central_db.writes.begin() as session:
        result = ingest(session, batch, "dev-m", "site-a", NOW)
    assert (result.accepted, result.duplicates) == (0, 50)
    assert len(stored(central_db)) == 300


def test_the_downgrade_gives_text_uuids_back(central_db: CentralDatabase) -> None:
    events = old_events(40)
    batch = parse(events)
    with central_db.writes.begin() as session:
        assert ingest(session, batch, "dev-m", "site-a", NOW).accepted == 40
    before = stored(central_db)
    downgrade(central_db.engine, "0003")
    with central_db.engine.connect() as connection:
        after = dict(connection.execute(text("SELECT id, uuid FROM event")).all())
    assert after == before
    assert all(isinstance(value, str) and len(value) == 36 for value in after.values())
    upgrade(central_db.engine)
    assert stored(central_db) == before
