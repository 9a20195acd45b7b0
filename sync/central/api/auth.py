"""Who is calling: the device behind a bearer token, checked on every device request.

Tokens are looked up by their sha256; a revoked token, or any token of a revoked device, is
refused with 401 and a sentence the device shows its admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from sync.central.credentials import token_hash
from sync.central.db.database import CentralDatabase
from sync.central.db.models import Device, DeviceToken
from sync.central.errors import UnauthorizedError

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="DeviceToken",
    description="The token a device received from POST /api/v1/enrol.",
)


def get_database(request: Request) -> CentralDatabase:
    return cast(CentralDatabase, request.app.state.database)


DatabaseDep = Annotated[CentralDatabase, Depends(get_database)]


@dataclass(frozen=True)
class AuthenticatedDevice:
    id: str
    site: str


def authenticated_device(
    database: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AuthenticatedDevice:
    """The enrolled, unrevoked device whose token came with the request, or 401."""
    if credentials is None:
        raise UnauthorizedError("a device token is required: send 'Authorization: Bearer <token>'")
    query = (
        select(Device.id, Device.site, Device.revoked_at, DeviceToken.revoked_at)
        .join(Device, Device.id == DeviceToken.device)
        .where(DeviceToken.token_hash == token_hash(credentials.credentials))
    )
    with database.sessions() as session:
        row = session.execute(query).one_or_none()
    if row is None:
        raise UnauthorizedError("this device token is not known to the central; enrol the device")
    device_id, site, device_revoked, token_revoked = row
    if device_revoked is not None:
        raise UnauthorizedError(f"device {device_id!r} was revoked by a coordinator")
    if token_revoked is not None:
        raise UnauthorizedError("this device token was revoked; enrol the device again")
    return AuthenticatedDevice(id=device_id, site=site)


DeviceDep = Annotated[AuthenticatedDevice, Depends(authenticated_device)]
