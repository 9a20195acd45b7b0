"""The wire protocol: exactly the agreed fields, codes only, no coercion of types."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from sync.protocol import EVENT_FIELDS, MAX_BATCH_EVENTS, Event, EventBatch


def event(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "seq": 1,
        "site": "yvr-arrivals",
        "device": "dev-0123456789ab",
        "channel": "outreach",
        "kind": "outreach_session",
        "language": "pa",
        "topic": None,
        "quantity": 12,
        "assisted": True,
        "local_date": "2026-07-02",
        "hour_bucket": 9,
        "content_version": "2026.11.0",
        "region": "mainland-southwest",
        "sector": "agriculture",
        "stream": "sawp",
    }
    base.update(changes)
    return base


def test_the_fields_are_the_agreed_wire_shape() -> None:
    assert EVENT_FIELDS == (
        "uuid", "seq", "site", "device", "channel", "kind", "language", "topic", "quantity",
        "assisted", "local_date", "hour_bucket", "content_version", "region", "sector", "stream",
    )  # fmt: skip


def test_a_valid_event_round_trips_through_json() -> None:
    sent = event()
    parsed = Event.model_validate_json(json.dumps(sent))
    assert parsed.model_dump(mode="json") == sent


@pytest.mark.parametrize(
    "change",
    [
        {"seq": True},
        {"quantity": 2.5},
        {"quantity": "12"},
        {"assisted": 1},
        {"language": "en\n"},
        {"topic": "rights-at-work\n"},
        {"site": "YVR"},
        {"local_date": 1782950400},
        {"local_date": "2026-7-2"},
        {"uuid": str(uuid.uuid1())},
        {"stream": "tfw"},
        {"channel": None},
    ],
)
def test_anything_but_codes_and_exact_types_is_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Event.model_validate_json(json.dumps(event(**change)))


def test_a_json_integer_written_with_a_zero_fraction_is_an_integer() -> None:
    parsed = Event.model_validate_json(json.dumps(event(quantity=12.0, hour_bucket=9.0)))
    assert (parsed.quantity, parsed.hour_bucket) == (12, 9)
    assert type(parsed.quantity) is int


@pytest.mark.parametrize("written", ["24", "-1", "23.5", '"9"', "true", "null", "1e400"])
def test_a_bad_integer_is_one_error_naming_its_bounds(written: str) -> None:
    body = json.dumps(event()).replace('"hour_bucket": 9', f'"hour_bucket": {written}')
    assert written in body
    with pytest.raises(ValidationError) as refused:
        Event.model_validate_json(body)
    assert [(error["loc"], error["msg"]) for error in refused.value.errors()] == [
        (("hour_bucket",), "Input should be a whole number from 0 to 23")
    ]


def test_a_code_outside_its_closed_set_is_refused_naming_the_choices() -> None:
    with pytest.raises(ValidationError) as refused:
        Event.model_validate_json(json.dumps(event(channel="web", stream="tfw")))
    assert [(error["loc"], error["msg"]) for error in refused.value.errors()] == [
        (("channel",), "Input should be 'kiosk' or 'outreach'"),
        (("stream",), "Input should be 'sawp', 'agricultural-stream', 'caregivers' or 'other'"),
    ]


def test_integers_are_described_as_bounded_integers_in_the_schema() -> None:
    fields = Event.model_json_schema()["properties"]
    assert fields["hour_bucket"] == {
        "maximum": 23, "minimum": 0, "title": "Hour Bucket", "type": "integer"
    }  # fmt: skip
    assert fields["seq"]["description"] == "Per-device sequence number."
    assert (fields["seq"]["type"], fields["seq"]["minimum"]) == ("integer", 1)


def test_a_batch_holds_1_to_5000_events() -> None:
    def parse(events: list[dict[str, Any]]) -> EventBatch:
        return EventBatch.model_validate_json(
            json.dumps({"batch_id": str(uuid.uuid4()), "events": events})
        )

    assert len(parse([event()]).events) == 1
    with pytest.raises(ValidationError):
        parse([])
    with pytest.raises(ValidationError):
        parse([event()] * (MAX_BATCH_EVENTS + 1))
