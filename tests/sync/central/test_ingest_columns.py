"""Ingest converts a batch's values a column at a time: exactly as SQLAlchemy converts each one."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from fleet import make_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from sync import protocol
from sync.central.db.ingest import _columns, bind_column, sqlite3_parameters
from sync.central.db.models import Event, uuid_bytearray_column, uuid_bytes_column

DIALECTS = [sqlite.dialect(), postgresql.psycopg.dialect()]  # type: ignore[attr-defined]
SAMPLES: dict[str, tuple[Any, ...]] = {
    "uuid": tuple(str(uuid.uuid4()) for _ in range(50)),
    "local_date": (date(1, 1, 1), date(999, 12, 31), date(2026, 11, 22), date(9999, 12, 31)),
    "assisted": (True, False, False, True),
    "language": ("es", None, "zh-Hans"),
    "seq": (1, 2**53 - 1),
    "site": ("yvr",),
}


def one_by_one(name: str, values: tuple[Any, ...], dialect: Dialect) -> list[Any]:
    column_type = Event.__table__.c[name].type
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    return [process(value) if process else value for value in values]


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda dialect: dialect.name)
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_column_is_converted_as_sqlalchemy_converts_each_value(
    name: str, dialect: Dialect
) -> None:
    values = SAMPLES[name]
    converted = list(bind_column(Event.__table__.c[name], values, dialect))
    expected = one_by_one(name, values, dialect)
    assert converted == expected
    assert [type(value) for value in converted] == [type(value) for value in expected]


def test_uuid_bytes_column_refuses_other_spellings() -> None:
    good = str(uuid.uuid4())
    with pytest.raises(ValueError):
        uuid_bytes_column([good, good.replace("-", "") + "----"[:3]])
    assert uuid_bytes_column([good]) == [uuid.UUID(good).bytes]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("uuid", SAMPLES["uuid"][:3]),
        ("language", ("es", None, "zh-Hans")),
        ("language", ("es", None, "")),  # '' among them: NULLs cannot be sent as ''
        ("topic", ("rights-at-work", "safety")),
        ("seq", (1, 2**53 - 1)),
    ],
)
def test_sqlite3_parameters_store_exactly_what_sqlalchemy_would(
    name: str, values: tuple[Any, ...]
) -> None:
    """Each value, bound in the cheap form with its placeholder, reads back from a real SQLite
    database as the plainly bound value does (same value, same storage class)."""
    column = Event.__table__.c[name]
    dialect = sqlite.dialect()
    plain = list(bind_column(column, values, dialect))
    cheap, marker = sqlite3_parameters(column, values, dialect)
    with sqlite3.connect(":memory:") as connection:
        connection.execute("CREATE TABLE t (plain, cheap)")
        connection.executemany(
            f"INSERT INTO t VALUES (?, {marker})", list(zip(plain, cheap, strict=True))
        )
        stored = connection.execute(
            "SELECT plain, cheap, typeof(plain), typeof(cheap) FROM t"
        ).fetchall()
    assert [(row[0], row[2]) for row in stored] == [(row[1], row[3]) for row in stored]
    assert len(stored) == len(values)


def test_uuid_blobs_are_the_same_as_bytes_and_as_bytearrays() -> None:
    values = list(SAMPLES["uuid"])
    as_bytes, as_bytearrays = uuid_bytes_column(values), uuid_bytearray_column(values)
    assert as_bytes == as_bytearrays == [uuid.UUID(value).bytes for value in values]
    assert {type(value) for value in as_bytearrays} == {bytearray}
    assert uuid_bytes_column([]) == []
    with pytest.raises(ValueError):
        uuid_bytearray_column([values[0], values[1][:35]])


def test_events_become_the_same_columns_read_either_way() -> None:
    """Read in one pass from pydantic's own field storage, or (should it ever change) as
    attributes: the same values, a column per field in the protocol's order."""
    events = [
        protocol.Event.model_validate_json(
            json.dumps(make_event("dev-a", "site-a", seq, topic=topic))
        )
        for seq, topic in ((1, None), (2, "rights-at-work"), (3, "safety"))
    ]
    assert tuple(vars(events[0])) == protocol.EVENT_FIELDS  # what the one pass relies on
    expected = [[getattr(event, name) for event in events] for name in protocol.EVENT_FIELDS]
    stored_otherwise = [SimpleNamespace(**dict(reversed(vars(e).items()))) for e in events]
    assert [list(column) for column in _columns(events)] == expected
    assert [list(column) for column in _columns(stored_otherwise)] == expected
