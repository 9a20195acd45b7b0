"""The central's tables, declared once for the ORM and for Alembic's comparisons.

The events table keeps every wire field as its own typed column (dates as dates, flags as
booleans) so later rollups are plain GROUP BYs; the uuid is unique, which is what makes a retried
push count once. It is stored compactly (:class:`UuidKey`): its unique index is written at every
insert, at random places, and a 16-byte key keeps that index less than half the size of text.
Secrets are never stored: tokens and enrolment codes only as sha256 hashes, passwords only as
argon2 hashes. Times are naive UTC. The reach rollups (sums of events per day and per month over
every dimension) are kept up to date by ingest, in the same transaction as the events they count
(see ``sync.central.stats.rollups``).

An event whose device clock cannot have been right is counted on the day it arrived: its
``local_date`` is that day and ``claimed_date`` keeps the date the device wrote; every rollup
row says how much of it was counted so (``redated_events``, ``redated_quantity``); see
``sync.central.db.clock``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UuidKey(TypeDecorator[str]):
    """A uuid, as canonical text in Python; PostgreSQL's own uuid type, 16 bytes on SQLite."""

    impl = LargeBinary(16)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID(as_uuid=False))
        return dialect.type_descriptor(LargeBinary(16))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return uuid_bytes(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or dialect.name == "postgresql":
            return None if value is None else str(value)
        return str(UUID(bytes=bytes(value)))


def uuid_bytes(value: str) -> bytes:
    """The 16 bytes of a uuid in canonical text form (the protocol accepts no other form)."""
    return bytes.fromhex(value.replace("-", ""))


class Base(DeclarativeBase):
    """Declarative base of the central's tables."""


class Site(Base):
    """A place devices report for: an airport desk, an outreach team."""

    __tablename__ = "site"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime())


class Device(Base):
    """An enrolled kiosk or laptop, known by the random id it chose itself."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site: Mapped[str] = mapped_column(ForeignKey("site.code"))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime())


class DeviceToken(Base):
    """A bearer token of a device, stored as the sha256 of the token (never the token)."""

    __tablename__ = "device_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime())


class EnrolmentCode(Base):
    """A single-use, expiring code a coordinator hands to a device (stored as its sha256).

    Single use, but retryable: until it expires, the device that used it may present it again
    with the same request id, when the answer to its first try was lost (``api_sync.enrol``).
    """

    __tablename__ = "enrolment_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    site: Mapped[str] = mapped_column(ForeignKey("site.code"))
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())
    used_at: Mapped[datetime | None] = mapped_column(DateTime())
    used_by: Mapped[str | None] = mapped_column(String(64))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    """sha256 of the request id the device enrolled with (None: an old, single-use request)."""
    reissues: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    """How often the answer was sent again, for that device and request id, with a fresh token."""


class User(Base):
    """A coordinator or viewer of the central's statistics.

    A removed person keeps the row (and the name), so that what refers to it still does; they
    can no longer sign in, and no token of theirs is accepted.
    """

    __tablename__ = "central_user"
    __table_args__ = (CheckConstraint("role IN ('coordinator', 'viewer')", name="user_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime())
    """The last successful sign-in (None: none since the column was added)."""
    removed_at: Mapped[datetime | None] = mapped_column(DateTime())


class Event(Base):
    """One anonymous reach count as a device logged it, plus when and in which push it came."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="event_quantity_positive"),
        CheckConstraint("hour_bucket BETWEEN 0 AND 23", name="event_hour_bucket_range"),
        Index("ix_event_local_date_site", "local_date", "site"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(UuidKey(), unique=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    site: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    assisted: Mapped[bool] = mapped_column(Boolean)
    local_date: Mapped[date] = mapped_column(Date)
    """The day the event is counted on: the device's date, or the day it arrived (UTC) when
    the device's clock cannot have been right."""
    hour_bucket: Mapped[int] = mapped_column(Integer)
    content_version: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(32))
    sector: Mapped[str | None] = mapped_column(String(32))
    stream: Mapped[str | None] = mapped_column(String(32))
    batch_id: Mapped[str] = mapped_column(String(36))
    received_hour: Mapped[datetime] = mapped_column(DateTime())
    claimed_date: Mapped[date | None] = mapped_column(Date)
    """The date the device wrote, kept only when the event was re-dated to its arrival day
    (NULL otherwise): a retried event is compared with what was sent."""


class ContentPack(Base):
    """A published content pack: the zip itself, its checksum and the publisher's signature.

    Kept in the database rather than on a disk so that several stateless app servers behind a
    load balancer all serve the same packs.
    """

    __tablename__ = "content_pack"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    signed: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    published_at: Mapped[datetime] = mapped_column(DateTime())


class UserToken(Base):
    """A signed-in coordinator's or viewer's bearer token (its sha256), valid until it expires."""

    __tablename__ = "user_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("central_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())


class AuditEntry(Base):
    """Who asked for raw (unsuppressed) counts, when, and with which query; and which person
    was removed, or had their password set, from the command line (``sync.central.stats.audit``)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    user_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)


class _Rollup:
    """Columns of a rollup: one row per period and combination of dimension values.

    A dimension an event does not carry is stored as '' (not NULL), so that the primary key
    identifies a row and ``ON CONFLICT`` can add to it. ``redated_events`` and
    ``redated_quantity`` are the part of ``events`` and ``quantity`` counted on the day the
    events arrived because the device's clock was wrong.
    """

    period: Mapped[date] = mapped_column(Date, primary_key=True)
    site: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    assisted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    sector: Mapped[str] = mapped_column(String(32), primary_key=True)
    stream: Mapped[str] = mapped_column(String(32), primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(BigInteger)
    redated_events: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    redated_quantity: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))


class RollupDay(_Rollup, Base):
    """Events and quantities per day (``period`` is the day)."""

    __tablename__ = "rollup_day"
    __table_args__ = ({"sqlite_with_rowid": False},)


class RollupMonth(_Rollup, Base):
    """Events and quantities per calendar month (``period`` is the month's first day)."""

    __tablename__ = "rollup_month"
    __table_args__ = ({"sqlite_with_rowid": False},)


class RollupCube(Base):
    """Small rollups: channel, kind and up to three more dimensions (``v1``..``v3``, named by
    ``sync.central.stats.rollups.CUBES``), per day or month; ``cube`` says which, e.g.
    ``language/month``."""

    __tablename__ = "rollup_cube"
    __table_args__ = ({"sqlite_with_rowid": False},)

    cube: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    v1: Mapped[str] = mapped_column(String(64), primary_key=True)
    v2: Mapped[str] = mapped_column(String(64), primary_key=True)
    v3: Mapped[str] = mapped_column(String(64), primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(BigInteger)
    redated_events: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    redated_quantity: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
