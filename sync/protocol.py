"""The sync wire protocol (version 1), shared by the device client and the central endpoint.

Why one module for both sides: a field the client sends and the server reads must be checked by the
same rule in both places. Every reach event is validated against the closed vocabularies of
``kiosk.reach.vocabulary``, so nothing but codes (no name, no sentence, no phone number) can reach
the central's tables. Types are strict: a number sent as a string, or a field nobody defined, is an
error rather than a guess.

Versioning: the version is in every path (``/api/v1``). Within a version, messages only ever gain
optional fields, so a device that does not know a field keeps working with a newer central;
anything else (a field removed, renamed, made required, or its meaning changed) is a new version
with paths of its own. Upgrade the central before the devices: an older central refuses a field
it does not know (422), as it refuses any unknown field. Added within version 1:

- ``EnrolRequest.request_id`` (revision 2): makes enrolment safe to retry after a lost answer.
- Enrolling a known device id needs its current token (revision 3): the enrol request may carry
  the device's token (``Authorization: Bearer``, as every other device request does). A device id
  the central already knows is enrolled again only by a request holding its current token, or by
  the retry of the very request that enrolled it; any other is refused with 409 and
  ``Problem.reason`` ``device_id_taken`` (a field added in this revision), and its code is left
  unused: the device takes a new id and enrols with the same code. Before, such a request took
  the id over and voided the other device's token; a device of an earlier revision that re-enrols
  now gets the 409's sentence instead.
- Sign-out (revision 4), on the coordinators' side of the API (``sync.stats.protocol``):
  ``DELETE /api/v1/auth/token`` with a person's token revokes that token (204); and a sign-in
  name or password holding the NUL character is refused with 422 instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetPydanticSchema,
    Strict,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import core_schema

from kiosk.codes import CONTENT_VERSION, DEVICE_ID, LANGUAGE_CODE, SITE_CODE, TOPIC_ID
from kiosk.reach.fields import EVENT_FIELDS
from kiosk.reach.vocabulary import (
    BC_REGIONS,
    CHANNELS,
    EVENT_KINDS,
    MAX_QUANTITY,
    SECTORS,
    STREAMS,
)
from sync.json_integer import JsonInteger

PROTOCOL_VERSION: Final = 1
PROTOCOL_REVISION: Final = 4
"""Additions within the version, in order (see the module docstring); informational only."""
API_PREFIX: Final = f"/api/v{PROTOCOL_VERSION}"
ENROL_PATH: Final = f"{API_PREFIX}/enrol"
EVENTS_BATCH_PATH: Final = f"{API_PREFIX}/events:batch"
CONTENT_MANIFEST_PATH: Final = f"{API_PREFIX}/content/manifest"
CONTENT_PACK_PATH: Final = f"{API_PREFIX}/content/packs/{{version}}"

MAX_SEQ: Final = 2**53 - 1
"""The largest integer every JSON parser reads exactly (a float's mantissa)."""
MAX_BATCH_EVENTS: Final = 5_000
MAX_BATCH_BYTES: Final = 2 * 1024 * 1024
"""Upper bound of a request body, compressed and after decompression alike."""

UUID4: Final = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
"""A version-4 uuid in canonical lower-case form, so one uuid has exactly one spelling."""
# Site, device, topic and language codes and content versions: kiosk.codes, the rules the kiosk
# checks them by before it logs them, so an event it logged is one the central accepts.
ENROLMENT_CODE: Final = re.compile(r"^[A-Za-z0-9-]{8,64}$")

DEVICE_ID_TAKEN: Final = "device_id_taken"
"""``Problem.reason`` of an enrolment refused because another device holds the device id: the
device must take a new id and enrol again with the same code, which was not used."""


def _code(pattern: re.Pattern[str]) -> StringConstraints:
    # Checked by pydantic's own (Rust) regex engine: fast, and its "$" never matches before a
    # trailing newline as Python's does.
    return StringConstraints(strict=True, pattern=pattern.pattern)


def _one_of(choices: Sequence[str]) -> GetPydanticSchema:
    # One of a closed set of codes, matched by pydantic's literal check (a set lookup): a
    # regex alternation cost more, and its error named a pattern instead of the choices.
    return GetPydanticSchema(lambda _source, _handler: core_schema.literal_schema(list(choices)))


def _json_enum(choices: Sequence[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(choices)})


Uuid4 = Annotated[str, _code(UUID4)]
SiteCode = Annotated[str, _code(SITE_CODE)]
DeviceId = Annotated[str, _code(DEVICE_ID)]
LanguageCode = Annotated[str, _code(LANGUAGE_CODE)]
TopicId = Annotated[str, _code(TOPIC_ID)]
ContentVersion = Annotated[str, _code(CONTENT_VERSION)]
EnrolmentCode = Annotated[str, _code(ENROLMENT_CODE)]
EventKind = Annotated[str, _one_of(EVENT_KINDS), _json_enum(EVENT_KINDS)]
Channel = Annotated[str, _one_of(CHANNELS), _json_enum(CHANNELS)]
Region = Annotated[str, _one_of(BC_REGIONS), _json_enum(BC_REGIONS)]
Sector = Annotated[str, _one_of(SECTORS), _json_enum(SECTORS)]
Stream = Annotated[str, _one_of(STREAMS), _json_enum(STREAMS)]
# Strict: on the wire only an exact "YYYY-MM-DD" string, never a timestamp or a number. Any
# calendar day is accepted, 0001-01-01 as well as 9999-12-31: a date is what the device's clock
# said, and refusing the batch would leave the device retrying it for ever. The central counts
# an event whose date cannot be right on the day it arrives instead (sync.central.db.clock).
LocalDate = Annotated[
    date,
    Strict(),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


class WireModel(BaseModel):
    """Base of every message: unknown fields are refused, values are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Event(WireModel):
    """One anonymous reach count, as logged on the device (docs/architecture.md, privacy rules)."""

    uuid: Uuid4
    seq: Annotated[int, JsonInteger(1, MAX_SEQ)] = Field(description="Per-device sequence number.")
    site: SiteCode
    device: DeviceId
    channel: Channel
    kind: EventKind
    language: LanguageCode | None
    topic: TopicId | None
    quantity: Annotated[int, JsonInteger(1, MAX_QUANTITY)]
    assisted: StrictBool
    local_date: LocalDate
    hour_bucket: Annotated[int, JsonInteger(0, 23)]
    content_version: ContentVersion | None
    region: Region | None
    sector: Sector | None
    stream: Stream | None


# The fields are declared once (kiosk.reach.fields): the model must spell out exactly those, in
# that order, or the protocol does not load (which may be None: tests/sync/test_event_fields.py).
if tuple(Event.model_fields) != EVENT_FIELDS:
    raise ImportError(f"sync.protocol.Event's fields are not kiosk.reach.fields: {EVENT_FIELDS}")


class EventBatch(WireModel):
    """A batch of events pushed together; the batch id names the push, not the events."""

    batch_id: Uuid4
    events: list[Event] = Field(min_length=1, max_length=MAX_BATCH_EVENTS)


class BatchResult(WireModel):
    """The central's answer to a batch: how many events were new and how many it already had."""

    batch_id: Uuid4
    accepted: StrictInt = Field(ge=0)
    duplicates: StrictInt = Field(ge=0)


class EnrolRequest(WireModel):
    """A device presents a one-time enrolment code and its own random device id.

    With a ``request_id`` the enrolment is safe to retry: the device keeps the id (in its own
    database, before the first try) and sends the same one again when an answer was lost. The
    central then answers again, for the same device, with a fresh token, and revokes the token of
    the lost answer; that is allowed while the code is valid, and only with the same request id
    and device id. Without a ``request_id`` (devices before protocol revision 2) a used code is
    simply refused.

    A device id the central knows already is enrolled again (a device moved to another site)
    only when the request proves it comes from that device: it carries the device's current
    token as ``Authorization: Bearer``, or it is the retry just described. Otherwise another
    device holds the id (a clone of its disk, or someone taking the identity over): 409 with
    reason ``device_id_taken``, and the code stays unused for this device's next try under a
    new id.
    """

    code: EnrolmentCode
    device: DeviceId
    request_id: Uuid4 | None = Field(
        None,
        description="A random uuid4 the device keeps until it is enrolled; sent again unchanged "
        "when retrying after a lost answer.",
    )


class EnrolResponse(WireModel):
    """The device's bearer token; the central keeps only its hash, so it is shown this once."""

    device: DeviceId
    site: SiteCode
    token: StrictStr
    token_type: StrictStr = "bearer"
    protocol: StrictInt = PROTOCOL_VERSION


class ContentManifest(WireModel):
    """The newest published content pack: what to download and how to check it."""

    pack_id: StrictStr
    version: ContentVersion
    sha256: StrictStr = Field(pattern=r"^[0-9a-f]{64}$")
    size: StrictInt = Field(ge=0)
    published_at: StrictStr
    download: StrictStr
    signature: StrictStr = Field(description="Ed25519 signature (base64) over `signed`.")
    signed: StrictStr = Field(description="The exact JSON text the publisher signed.")


class Problem(WireModel):
    """Every error answer: a sentence for people, and for conflicts the uuids concerned."""

    detail: StrictStr
    reason: StrictStr | None = Field(
        None,
        description="A name for refusals a device must act on rather than show: "
        f"'{DEVICE_ID_TAKEN}' (take a new device id and enrol again with the same code).",
    )
    uuids: list[StrictStr] | None = Field(None, description="The events concerned, if any.")
    errors: list[dict[str, Any]] | None = None


class Health(WireModel):
    status: StrictStr
    database: StrictStr
    protocol: StrictInt = PROTOCOL_VERSION
