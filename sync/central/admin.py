"""What a coordinator does on the central: sites, enrolment codes, devices, users.

Plain functions on an opened database, shared by the ``outreach-central`` commands and the
tests; each refuses bad input with :class:`AdminError` and a sentence naming the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.codes import site_problem
from sync.central.credentials import code_hash, hash_password, new_enrolment_code
from sync.central.db.database import CentralDatabase
from sync.central.db.models import Device, DeviceToken, EnrolmentCode, Event, Site, User, UserToken
from sync.central.errors import utcnow
from sync.central.stats import audit

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
    problem = site_problem(code)
    if problem is not None:
        raise AdminError(problem)
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
    ``sync.central.db.clock``), read in the same pass over the events."""
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


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if "\x00" in password:
        raise AdminError("the password must not hold the NUL character (no sign-in could send it)")


def add_user(database: CentralDatabase, name: str, role: str, password: str) -> None:
    if not USER_NAME.fullmatch(name):
        raise AdminError(f"not a user name: {name!r} (letters, digits, . _ @ -)")
    if role not in ROLES:
        raise AdminError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    _check_password(password)
    try:
        with database.sessions.begin() as session:
            session.add(
                User(
                    name=name, role=role, password_hash=hash_password(password), created_at=utcnow()
                )
            )
    except IntegrityError as exc:
        with database.sessions() as session:
            removed = session.scalar(select(User.removed_at).where(User.name == name))
        if removed is not None:
            raise AdminError(
                f"user {name!r} was removed on {removed:%Y-%m-%d}; the name stays theirs, so that "
                "the audit log names one person: choose another name"
            ) from exc
        raise AdminError(f"user {name!r} already exists") from exc


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    created_at: datetime
    last_sign_in_at: datetime | None
    """None: not signed in since the central began keeping it (schema revision 0006)."""
    removed_at: datetime | None
    tokens: int
    """Tokens not expired yet (none is accepted for a removed person)."""


def list_users(database: CentralDatabase, now: datetime | None = None) -> list[UserInfo]:
    """Every person, removed ones too, by name."""
    now = utcnow() if now is None else now
    tokens = (
        select(UserToken.user_id, func.count().label("tokens"))
        .where(UserToken.expires_at > now)
        .group_by(UserToken.user_id)
        .subquery()
    )
    query = (
        select(User, func.coalesce(tokens.c.tokens, 0))
        .outerjoin(tokens, tokens.c.user_id == User.id)
        .order_by(User.name)
    )
    with database.sessions() as session:
        return [
            UserInfo(
                name=user.name,
                role=user.role,
                created_at=user.created_at,
                last_sign_in_at=user.last_sign_in_at,
                removed_at=user.removed_at,
                tokens=int(count),
            )
            for user, count in session.execute(query)
        ]


@dataclass(frozen=True)
class SignInsEnded:
    """What removing a person or setting their password did."""

    name: str
    tokens: int
    """Tokens deleted (expired ones included)."""
    removed_at: datetime | None = None
    already_removed: bool = False


def _person(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AdminError(f"no user {name!r} (see 'outreach-central user list')")
    return user


def _signing_in(session: Session, name: str) -> User:
    """The person called ``name``, who is not removed; else AdminError."""
    user = _person(session, name)
    if user.removed_at is not None:
        raise AdminError(
            f"user {name!r} was removed on {user.removed_at:%Y-%m-%d} and cannot sign in "
            "any more; add the person again under another name"
        )
    return user


def check_password_settable(database: CentralDatabase, name: str) -> None:
    """AdminError unless ``name`` is a person whose password can be set (before asking it)."""
    with database.sessions() as session:
        _signing_in(session, name)


def _delete_tokens(session: Session, user: User) -> int:
    # The person's row is updated first, in the same transaction: on PostgreSQL that waits for
    # a sign-in under way (which updates the row too) and then sees its token, or makes it fail.
    session.flush()
    return len(
        session.scalars(
            delete(UserToken).where(UserToken.user_id == user.id).returning(UserToken.id)
        ).all()
    )


def _by(operator: str | None) -> dict[str, str]:
    return {"via": "command line", **({"by": operator} if operator else {})}


def remove_user(
    database: CentralDatabase, name: str, operator: str | None = None, now: datetime | None = None
) -> SignInsEnded:
    """Refuse ``name``'s sign-ins and every token of theirs from now on; their row, and what
    names them (the audit log), stay. ``operator``: who did it (the server's account)."""
    now = utcnow() if now is None else now
    with database.sessions.begin() as session:
        user = _person(session, name)
        if user.removed_at is not None:
            return SignInsEnded(name, _delete_tokens(session, user), user.removed_at, True)
        user.removed_at = now
        tokens = _delete_tokens(session, user)
        session.add(
            audit.new_entry(
                user.name,
                user.role,
                audit.USER_REMOVED,
                {**_by(operator), "tokens_revoked": tokens},
                now,
            )
        )
    return SignInsEnded(name, tokens, now)


def set_password(
    database: CentralDatabase,
    name: str,
    password: str,
    operator: str | None = None,
    now: datetime | None = None,
) -> SignInsEnded:
    """Give ``name`` a new password and end every sign-in of theirs (they sign in again)."""
    now = utcnow() if now is None else now
    _check_password(password)
    password_hash = hash_password(password)  # slow on purpose: before the transaction
    with database.sessions.begin() as session:
        user = _signing_in(session, name)
        user.password_hash = password_hash
        tokens = _delete_tokens(session, user)
        session.add(
            audit.new_entry(
                user.name,
                user.role,
                audit.USER_PASSWORD,
                {**_by(operator), "tokens_revoked": tokens},
                now,
            )
        )
    return SignInsEnded(name, tokens)
