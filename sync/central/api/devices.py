"""The device side of the API: enrolment with a one-time code, and idempotent event batches."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.central.api.auth import DatabaseDep, DeviceDep, bearer
from sync.central.api.ratelimit import ClientDep, EnrolLimiterDep
from sync.central.api.responses import problems
from sync.central.credentials import code_hash, new_token, request_hash, token_hash
from sync.central.db.database import CentralDatabase
from sync.central.db.ingest import ConflictError, ForeignDeviceError, ingest
from sync.central.db.models import Device, DeviceToken, EnrolmentCode
from sync.central.errors import (
    ConflictingEventsError,
    DeviceIdTakenError,
    ForbiddenError,
    utcnow,
)
from sync.protocol import (
    ENROL_PATH,
    EVENTS_BATCH_PATH,
    BatchResult,
    EnrolRequest,
    EnrolResponse,
    EventBatch,
)

router = APIRouter(tags=["devices"])
EVENT_BATCH_SCHEMA_REF = "#/components/schemas/EventBatch"
"""Where the OpenAPI schema describes a batch (added by ``sync.central.api.app``)."""


@router.post(
    ENROL_PATH,
    status_code=status.HTTP_201_CREATED,
    response_model=EnrolResponse,
    responses=problems(403, 409, 429),
    summary="Enrol a device with a one-time code; answers its bearer token",
    description="A code is used once. Sent again with the same request_id and device while the "
    "code is valid (the answer to the first try was lost), it is answered again with a fresh "
    "token, and the earlier token is revoked. A device id that is enrolled already is enrolled "
    "again (e.g. at another site) only with its current token as the bearer token; otherwise "
    "409 with reason device_id_taken, and the code stays unused: the device takes a new id and "
    "enrols with it. Failed attempts are limited per client address.",
    # The device token is optional here: appended to the one the bearer dependency declares,
    # OpenAPI's empty requirement says that a request without it is valid too.
    openapi_extra={"security": [{}]},
)
def enrol(
    request: EnrolRequest,
    database: DatabaseDep,
    limiter: EnrolLimiterDep,
    client: ClientDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> EnrolResponse:
    presented = credentials.credentials if credentials is not None else None
    with limiter.attempt(client):
        return _enrol(request, database, presented)


def _enrol(
    request: EnrolRequest, database: CentralDatabase, presented: str | None
) -> EnrolResponse:
    """Enrol ``request.device`` with the code; ``presented``: the bearer token sent, if any."""
    now = utcnow()
    hashed = code_hash(request.code)
    requested = request_hash(request.request_id) if request.request_id is not None else None
    with database.writes.begin() as session:
        # Claim the code first, in one conditional UPDATE: of two devices racing with one code,
        # exactly one wins.
        site = session.execute(
            update(EnrolmentCode)
            .where(
                EnrolmentCode.code_hash == hashed,
                EnrolmentCode.used_at.is_(None),
                EnrolmentCode.expires_at > now,
            )
            .values(used_at=now, used_by=request.device, request_hash=requested)
            .returning(EnrolmentCode.site)
        ).scalar_one_or_none()
        retry = site is None and requested is not None
        if retry:
            # The same device again with the same request: its answer was lost. The UPDATE also
            # locks the code's row, so that two such retries take turns.
            site = session.execute(
                update(EnrolmentCode)
                .where(
                    EnrolmentCode.code_hash == hashed,
                    EnrolmentCode.used_at.is_not(None),
                    EnrolmentCode.used_by == request.device,
                    EnrolmentCode.request_hash == requested,
                    EnrolmentCode.expires_at > now,
                )
                .values(reissues=EnrolmentCode.reissues + 1)
                .returning(EnrolmentCode.site)
            ).scalar_one_or_none()
        if site is None:
            raise ForbiddenError(
                _why_refused(
                    session.scalar(select(EnrolmentCode).where(EnrolmentCode.code_hash == hashed)),
                    now,
                )
            )
        # Locked, so that of two enrolments of one device id (a device and its clone) the second
        # sees what the first did; a new id is claimed by its insert.
        device = session.get(Device, request.device, with_for_update=True)
        if device is not None and device.revoked_at is not None:
            # Raising rolls the claim back: the code stays usable for another device.
            raise ForbiddenError(
                f"device {request.device!r} was revoked and cannot enrol again; "
                "reset the device so that it picks a new device id"
            )
        if device is None:
            if not _claim_device_id(session, request.device, site, now):
                raise _taken(request.device)  # another request enrolled it meanwhile
        elif not retry and not _holds_current_token(session, request.device, presented):
            # Known, and the request does not come from its holder: a clone of the device's
            # disk, or someone with a code taking the identity over. Rolled back, code unused.
            raise _taken(request.device)
        else:
            device.site = site
            if not retry:
                device.enrolled_at = now
            # Enrolling again, or answering again: the tokens given before are void, including
            # the one whose answer was lost (only its hash is kept, so it cannot be sent again).
            session.execute(
                update(DeviceToken)
                .where(DeviceToken.device == request.device, DeviceToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        token = new_token()
        session.add(
            DeviceToken(device=request.device, token_hash=token_hash(token), created_at=now)
        )
    return EnrolResponse(device=request.device, site=site, token=token)


def _claim_device_id(session: Session, device: str, site: str, now: datetime) -> bool:
    """Insert the new device; False when a concurrent enrolment inserted that id first.

    ``ON CONFLICT DO NOTHING``: on PostgreSQL the insert waits for the other transaction, then
    skips the row, rather than failing the request with a unique violation.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    claimed = session.execute(
        insert(Device)
        .values(id=device, site=site, enrolled_at=now)
        .on_conflict_do_nothing(index_elements=[Device.id])
        .returning(Device.id)
    ).scalar_one_or_none()
    return claimed is not None


def _holds_current_token(session: Session, device: str, presented: str | None) -> bool:
    """Whether ``presented`` is a token of ``device`` that is not revoked."""
    if presented is None:
        return False
    current = session.scalar(
        select(DeviceToken.id).where(
            DeviceToken.device == device,
            DeviceToken.token_hash == token_hash(presented),
            DeviceToken.revoked_at.is_(None),
        )
    )
    return current is not None


def _taken(device: str) -> DeviceIdTakenError:
    return DeviceIdTakenError(
        f"device id {device!r} is already enrolled by another device; take a new device id and "
        "enrol again with the same code, which was not used (a device enrolled under this id "
        "enrols again by sending its current token)"
    )


def _why_refused(code: EnrolmentCode | None, now: datetime) -> str:
    if code is None:
        return "this enrolment code is not known; check it or ask the coordinator for a new one"
    if code.expires_at <= now:
        return (
            f"this enrolment code expired at {code.expires_at:%Y-%m-%d %H:%M} UTC; "
            "ask the coordinator for a new one"
        )
    return "this enrolment code was already used; ask the coordinator for a new one"


async def raw_body(request: Request) -> bytes:
    """The body as bytes (already bounded and inflated by the body-limit middleware)."""
    return await request.body()


def parse_batch(body: bytes) -> EventBatch:
    """The batch, parsed and validated in one pass by pydantic's JSON parser.

    Why not a FastAPI body parameter: FastAPI would decode the JSON into Python objects first and
    validate those, which costs twice as much for a batch of thousands of events.
    """
    try:
        return EventBatch.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in errors]
        ) from exc


@router.post(
    EVENTS_BATCH_PATH,
    response_model=BatchResult,
    responses=problems(401, 403, 409),
    summary="Push a batch of reach events; retries of the same events count once",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": EVENT_BATCH_SCHEMA_REF}}},
        }
    },
)
def push_events(
    device: DeviceDep, database: DatabaseDep, body: Annotated[bytes, Depends(raw_body)]
) -> BatchResult:
    batch = parse_batch(body)
    now = utcnow()
    try:
        with database.writes.begin() as session:
            result = ingest(session, batch, device.id, device.site, now)
    except ForeignDeviceError as exc:
        raise ForbiddenError(str(exc), uuids=exc.uuids) from exc
    except ConflictError as exc:
        raise ConflictingEventsError(str(exc), uuids=exc.uuids) from exc
    return BatchResult(
        batch_id=batch.batch_id, accepted=result.accepted, duplicates=result.duplicates
    )
