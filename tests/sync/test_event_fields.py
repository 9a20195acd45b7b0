"""Every place that spells out a reach event agrees with its one declaration, kiosk.reach.fields:
the kiosk's table, the wire model, the central's table, the statistics' dimensions."""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from sqlalchemy.orm import DeclarativeBase

from kiosk.reach.fields import DIMENSIONS, EVENT_FIELDS, NULLABLE_DIMENSIONS, OPTIONAL_FIELDS
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import open_database
from kiosk.storage.schema import ReachEvent
from sync.central.db import models
from sync.central.stats.rollups import NULLABLE, ROLLUP_DIMENSIONS
from sync.protocol import Event
from sync.stats.protocol import Dimension

KIOSK_ONLY = {"id", "synced_batch", "handed_out", "session_id"}
CENTRAL_ONLY = {"id", "batch_id", "received_hour", "claimed_date"}


def allows_none(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def columns(table: type[DeclarativeBase], extra: set[str]) -> tuple[set[str], set[str]]:
    """The table's event columns and, of those, the ones that may be NULL."""
    found = {column.name: column for column in table.__table__.columns}
    assert extra <= found.keys()
    event = {name: column for name, column in found.items() if name not in extra}
    return set(event), {name for name, column in event.items() if column.nullable}


def test_the_wire_model_is_the_declaration() -> None:
    assert tuple(Event.model_fields) == EVENT_FIELDS
    optional = {name for name, info in Event.model_fields.items() if allows_none(info.annotation)}
    assert optional == OPTIONAL_FIELDS


def test_the_kiosk_table_holds_the_declared_fields() -> None:
    names, nullable = columns(ReachEvent, KIOSK_ONLY)
    assert names == set(EVENT_FIELDS)
    assert nullable == OPTIONAL_FIELDS


def test_the_central_table_holds_the_declared_fields() -> None:
    names, nullable = columns(models.Event, CENTRAL_ONLY)
    assert names == set(EVENT_FIELDS)
    assert nullable == OPTIONAL_FIELDS


def test_the_reach_log_builds_rows_of_the_declared_fields(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr-arrivals", "dev-test", "2026.11.0"))
    try:
        row = reach.build("visit")
        assert set(row) == (set(EVENT_FIELDS) - {"seq"}) | {"session_id"}
        reach.record("topic_viewed", language="es", topic="housing")
        (sent,) = reach.unsynced_batch()
        assert tuple(sent) == EVENT_FIELDS
        Event.model_validate_json(json.dumps(sent))  # what the kiosk sends, the wire accepts
    finally:
        reach.close()
        database.close()


def test_the_statistics_count_by_declared_fields() -> None:
    assert get_args(Dimension) == DIMENSIONS
    assert set(DIMENSIONS) <= set(EVENT_FIELDS)
    assert sorted(ROLLUP_DIMENSIONS) == sorted(DIMENSIONS)
    assert NULLABLE == NULLABLE_DIMENSIONS == OPTIONAL_FIELDS & set(DIMENSIONS)
