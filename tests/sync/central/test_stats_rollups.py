"""The rollups always say what the events say: after retries, partly known batches, refused
batches, concurrent pushes and an in-place upgrade; on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Date, DateTime, column, func, insert, select, table
from sqlalchemy.sql.expression import TableClause

from sync.central.db.database import CentralDatabase, downgrade, upgrade
from sync.central.db.ingest import ConflictError, ingest
from sync.central.db.models import Event, RollupCube, RollupDay, RollupMonth
from sync.central.stats import rollups
from sync.central.stats import tables as stats
from sync.protocol import EVENT_FIELDS, EventBatch
from sync.stats.protocol import DIMENSIONS, StatsQuery

NOW = datetime(2026, 11, 1, 12)
LANGUAGES = ["en", "es", "pa", "zh-Hans", None]
TOPICS = ["rights-at-work", "health", None]


def random_event(rng: random.Random, device: str, seq: int) -> dict[str, Any]:
    outreach = rng.random() < 0.3
    day = date(2026, 6, 20) + timedelta(days=rng.randrange(120))
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "seq": seq,
        "site": rng.choice(["site-a", "site-b"]),  # the central counts it at the device's site
        "device": device,
        "channel": "outreach" if outreach else "kiosk",
        "kind": rng.choice(
            ["outreach_session", "card_printed", "topic_viewed"]
            if outreach
            else ["visit", "visit", "topic_viewed", "language_requested", "card_printed"]
        ),
        "language": rng.choice(LANGUAGES),
        "topic": rng.choice(TOPICS),
        "quantity": rng.randint(1, 40) if outreach else 1,
        "assisted": rng.random() < 0.2,
        "local_date": day.isoformat(),
        "hour_bucket": rng.randrange(24),
        "content_version": "2026.11.0",
        "region": rng.choice(["kootenay", "cariboo", None]) if outreach else None,
        "sector": rng.choice(["agriculture", "caregiving"]) if outreach else None,
        "stream": rng.choice(["sawp", None]) if outreach else None,
    }


SITES = {"dev-a": "site-a", "dev-b": "site-b", "dev-c": "site-a"}


def push(db: CentralDatabase, device: str, events: list[dict[str, Any]]) -> int:
    body = json.dumps({"batch_id": str(uuid.uuid4()), "events": events})
    with db.writes.begin() as session:
        batch = EventBatch.model_validate_json(body)
        return ingest(session, batch, device, SITES[device], NOW).accepted


def event_table_0001() -> TableClause:
    """The events table as migration 0001 made it (uuids as text), for rows written back then."""
    return table(
        "event",
        *(column(name) for name in EVENT_FIELDS if name != "local_date"),
        column("local_date", Date()),
        column("batch_id"),
        column("received_hour", DateTime()),
    )


def queries() -> list[StatsQuery]:
    found = []
    for measure in ("reach", "events", "quantity"):
        found.append(StatsQuery(period="quarter", start=date(2026, 7, 1), measure=measure))
        for dimension in DIMENSIONS:
            found.append(
                StatsQuery(
                    period="quarter", start=date(2026, 7, 1), group_by=(dimension,), measure=measure
                )
            )
    found += [
        StatsQuery(
            period="quarter",
            start=date(2026, 7, 1),
            group_by=("language", "site"),
            filters={"kind": ("visit", "outreach_session")},
        ),
        StatsQuery(
            period="month",
            start=date(2026, 8, 1),
            group_by=("region", "sector", "stream"),
            filters={"channel": ("outreach",), "region": ("kootenay", "-")},
            measure="events",
        ),
        StatsQuery(
            period="quarter",
            start=date(2026, 7, 1),
            interval="month",
            group_by=("topic", "language"),
            filters={"kind": ("topic_viewed",)},
            measure="quantity",
        ),
        StatsQuery(
            period="custom",
            start=date(2026, 7, 3),
            end=date(2026, 8, 30),
            group_by=("assisted",),
            filters={"assisted": ("true",)},
        ),
        StatsQuery(
            period="year",
            start=date(2026, 1, 1),
            interval="month",
            group_by=("language", "channel"),
        ),
        StatsQuery(
            period="quarter",
            start=date(2026, 7, 1),
            interval="quarter",
            group_by=("site", "kind"),
            filters={"language": ("es", "-"), "assisted": ("false",)},
            measure="events",
        ),
        StatsQuery(
            period="custom",
            start=date(2026, 6, 25),
            end=date(2026, 9, 3),
            interval="week",
            group_by=("topic",),
            filters={"channel": ("outreach",)},
            measure="quantity",
        ),
    ]
    return found


def assert_rollups_match_events(db: CentralDatabase) -> None:
    """Every rollup that can answer a query (full or cube, per day or month) answers it as the
    events table does."""
    with db.sessions() as session:
        for query in queries():
            *rollup_plans, events = stats.plans(query)
            expected = stats.compute(session, query, events)
            assert expected, query  # something to compare
            for plan in rollup_plans:
                assert stats.compute(session, query, plan) == expected, (str(plan), query)
        total = session.scalar(select(func.count()).select_from(Event))
        assert session.scalar(select(func.sum(RollupDay.events))) == total
        assert session.scalar(select(func.sum(RollupMonth.events))) == total
        for cube in rollups.CUBES:
            for grain in rollups.GRAINS:
                cube_total = select(func.sum(RollupCube.events)).where(
                    RollupCube.cube == cube.key(grain)
                )
                assert session.scalar(cube_total) == total, cube.key(grain)


def test_retries_and_partly_known_batches_add_only_new_events(central_db: CentralDatabase) -> None:
    rng = random.Random(7)
    events = [random_event(rng, "dev-a", seq) for seq in range(1, 1201)]
    assert push(central_db, "dev-a", events[:500]) == 500
    assert push(central_db, "dev-a", events[:500]) == 0  # a retry
    assert push(central_db, "dev-a", events[300:900]) == 400  # partly known
    assert push(central_db, "dev-a", [*events[850:1000], *events[850:860]]) == 100  # repeats
    changed = {**events[0], "quantity": events[0]["quantity"] + 1}
    with pytest.raises(ConflictError):  # refused as a whole: its new events are not counted
        push(central_db, "dev-a", [*events[1000:1100], changed])
    assert push(central_db, "dev-a", events[1000:]) == 200
    assert_rollups_match_events(central_db)
    with central_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1200


def test_concurrent_overlapping_pushes_count_once(central_db: CentralDatabase) -> None:
    rng = random.Random(11)
    events = [random_event(rng, "dev-b", seq) for seq in range(1, 2001)]
    slices = [events[start : start + 600] for start in range(0, 2000, 200)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        accepted = sum(pool.map(lambda part: push(central_db, "dev-b", part), slices * 2))
    assert accepted == 2000
    assert_rollups_match_events(central_db)


def test_an_upgraded_central_has_rollups_of_its_old_events(central_db: CentralDatabase) -> None:
    rng = random.Random(3)
    events = [random_event(rng, "dev-c", seq) for seq in range(1, 401)]
    downgrade(central_db.engine, "0001")
    rows = [
        {
            **event,
            "local_date": date.fromisoformat(event["local_date"]),
            "batch_id": str(uuid.uuid4()),
            "received_hour": NOW,
        }
        for event in events
    ]
    with central_db.engine.begin() as connection:
        connection.execute(insert(event_table_0001()), rows)
    upgrade(central_db.engine)
    assert_rollups_match_events(central_db)
    with central_db.engine.begin() as connection:
        rollups.rebuild(connection)
    assert_rollups_match_events(central_db)
