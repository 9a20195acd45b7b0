"""What a coordinator does on the central: sites, enrolment codes, devices, users.

Plain functions on an opened database, shared by the ``outreach-central`` commands and the
tests; each refuses bad input with :class:`AdminError` and a sentence naming the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from sync.central.credentials import code_hash, hash_password, new_enrolment_code
from sync.central.database import CentralDatabase
from sync.central.errors import utcnow
from sync.central.models import Device, DeviceToken, EnrolmentCode, Event, Site, User
from sync.protocol import SITE_CODE

ROLES = ("coordinator", "viewer")
USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
DURATION = re.compile(r"^(\d+)([smhd])$")
DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
MIN_PASSWORD_LENGTH = 12


class AdminError(Exception):
    """A coordinator's command cannot be carried out; the message says why."""


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``24h`` or ``7d`` as a timedelta."""
    match = DURATION.fullmatch(text.strip())
    if not match or int(match.group(1)) == 0:
        raise AdminError(f"not a duration: {text!r} (examples: 30m, 24h, 7d)")
    return timedelta(**{DURATION_UNITS[match.group(2)]: int(match.group(1))})


def add_site(database: CentralDatabase, code: str, name: str) -> None:
    if not SITE_CODE.fullmatch(code):
        raise AdminError(
            f"not a site code: {code!r} (lower-case letters, digits and dashes, e.g. yvr-arrivals)"
        )
    try:
        with database.sessions.begin() as session:
            session.add(Site(code=code, name=name.strip() or code, created_at=utcnow()))
    except IntegrityError as exc:
        raise AdminError(f"site {code!r} already exists") from exc


def list_sites(database: CentralDatabase) -> list[tuple[str, str]]:
    with database.sessions() as session:
        return [
            (site.code, site.name) for site in session.scalars(select(Site).order_by(Site.code))
        ]


@dataclass(frozen=True)
class IssuedCode:
    code: str
    site: str
    expires_at: datetime


def create_enrolment_code(
    database: CentralDatabase, site: str, lifetime: timedelta, now: datetime | None = None
) -> IssuedCode:
    """A new single-use code for enrolling one device at ``site``; only its hash is kept."""
    now = utcnow() if now is None else now
    code = new_enrolment_code()
    with database.sessions.begin() as session:
        if session.get(Site, site) is None:
            raise AdminError(f"no site {site!r}; add it first with 'outreach-central site add'")
        session.add(
            EnrolmentCode(
                code_hash=code_hash(code), site=site, created_at=now, expires_at=now + lifetime
            )
        )
    return IssuedCode(code=code, site=site, expires_at=now + lifetime)


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    site: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    events: int
    redated: int = 0
    """Events counted on the day they arrived because this device's clock was wrong."""
    clock_wrong_at: datetime | None = None
    """The hour (UTC) the last of those arrived."""

    @property
    def clock_wrong_at_last_push(self) -> bool:
        """Whether the last push held events the clock dated wrongly (hour precision)."""
        if self.clock_wrong_at is None or self.last_seen_at is None:
            return False
        return self.clock_wrong_at >= self.last_seen_at.replace(minute=0, second=0, microsecond=0)


def list_devices(database: CentralDatabase) -> list[DeviceInfo]:
    """Every device, with how many of its events were counted and how many re-dated (see
    ``sync.central.clock``), read in the same pass over the events."""
    counts = (
        select(
            Event.device,
            func.count().label("events"),
            func.count(Event.claimed_date).label("redated"),
            func.max(case((Event.claimed_date.is_not(None), Event.received_hour))).label(
                "clock_wrong_at"
            ),
        )
        .group_by(Event.device)
        .subquery()
    )
    query = (
        select(
            Device,
            func.coalesce(counts.c.events, 0),
            func.coalesce(counts.c.redated, 0),
            counts.c.clock_wrong_at,
        )
        .outerjoin(counts, counts.c.device == Device.id)
        .order_by(Device.site, Device.id)
    )
    with database.sessions() as session:
        return [
            DeviceInfo(
                id=device.id,
                site=device.site,
                enrolled_at=device.enrolled_at,
                last_seen_at=device.last_seen_at,
                revoked_at=device.revoked_at,
                events=int(events),
                redated=int(redated),
                clock_wrong_at=clock_wrong_at,
            )
            for device, events, redated, clock_wrong_at in session.execute(query)
        ]


def revoke_device(database: CentralDatabase, device_id: str, now: datetime | None = None) -> None:
    """Refuse every token of ``device_id`` from now on; its counts so far stay."""
    now = utcnow() if now is None else now
    with database.sessions.begin() as session:
        device = session.get(Device, device_id)
        if device is None:
            raise AdminError(f"no device {device_id!r} (see 'outreach-central device list')")
        if device.revoked_at is None:
            device.revoked_at = now
        session.execute(
            update(DeviceToken)
            .where(DeviceToken.device == device_id, DeviceToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )


def add_user(database: CentralDatabase, name: str, role: str, password: str) -> None:
    if not USER_NAME.fullmatch(name):
        raise AdminError(f"not a user name: {name!r} (letters, digits, . _ @ -)")
    if role not in ROLES:
        raise AdminError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    try:
        with database.sessions.begin() as session:
            session.add(
                User(
                    name=name, role=role, password_hash=hash_password(password), created_at=utcnow()
                )
            )
    except IntegrityError as exc:
        raise AdminError(f"user {name!r} already exists") from exc
