"""The local database's tables, declared once for the ORM and for Alembic's comparisons.

Reach rows are anonymous by construction (see docs/architecture.md): no names, no free text, no
precise time (a local date and an hour bucket only) and a random uuid per event, so no column can
link two visits of the same person. The device sequence number orders a device's events; it counts
events, not people, and is never reused, so the central endpoint can spot a gap or a replay.

Outreach sessions keep the codes an outreach worker entered (date, region, sector, stream, counts,
languages, topics) so the session can be corrected until it is synced; the counts themselves
travel as ordinary reach events linked to the session by a local-only column.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the kiosk's local tables."""


class ReachEvent(Base):
    """One anonymous count: something happened once (or ``quantity`` times) in an hour bucket."""

    __tablename__ = "reach_event"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("hour_bucket BETWEEN 0 AND 23", name="hour_bucket_range"),
        CheckConstraint("seq >= 1", name="seq_positive"),
        UniqueConstraint("seq", name="uq_reach_event_seq"),
        # The sync backlog: unsynced rows in sequence order, and nothing else.
        Index("ix_reach_event_unsynced", "seq", sqlite_where=text("synced_batch IS NULL")),
        # Only outreach events belong to a session: kiosk events cost this index nothing.
        Index(
            "ix_reach_event_session_id",
            "session_id",
            sqlite_where=text("session_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    seq: Mapped[int] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    assisted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    local_date: Mapped[str] = mapped_column(String(10))
    hour_bucket: Mapped[int] = mapped_column(Integer)
    content_version: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(32))
    sector: Mapped[str | None] = mapped_column(String(32))
    stream: Mapped[str | None] = mapped_column(String(32))
    # None while unsynced; the batch id the central acknowledged once synced.
    synced_batch: Mapped[str | None] = mapped_column(String(36))
    # Handed to the sync client in a batch that is not acknowledged yet; such a row may already
    # be counted centrally, so it is never deleted or replaced (local only, not on the wire).
    handed_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The outreach session this count came from (local only, not on the wire).
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_session.id", name="fk_reach_event_session")
    )


class DeviceSequence(Base):
    """The last device sequence number given to an event; one row, advanced in each insert
    transaction.

    A counter of its own rather than ``max(seq) + 1``: events of an edited outreach session are
    deleted and written anew, and their numbers must never come back.
    """

    __tablename__ = "device_sequence"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class ReachDaily(Base):
    """Sums of reach events per day, channel, kind, language and topic, for local statistics.

    Kept by triggers on ``reach_event`` (see migration 0002) in the same transaction as every
    insert and delete, so it is always exact; '' stands for "no language" or "no topic", since
    a primary key cannot hold NULL.
    """

    __tablename__ = "reach_daily"

    local_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)


class ReachCounter(Base):
    """Running counts kept by triggers; ``unsynced`` is the number of events not yet synced."""

    __tablename__ = "reach_counter"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class OutreachSession(Base):
    """A farm visit or group session as the outreach worker recorded it: codes and counts only."""

    __tablename__ = "outreach_session"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'recorded', 'void')", name="status_known"),
        CheckConstraint(
            "workers_reached >= 0 AND cards_given >= 0 AND brochures_given >= 0",
            name="counts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_date: Mapped[str] = mapped_column(String(10))
    region: Mapped[str] = mapped_column(String(32))
    sector: Mapped[str] = mapped_column(String(32))
    stream: Mapped[str] = mapped_column(String(32))
    workers_reached: Mapped[int] = mapped_column(Integer)
    cards_given: Mapped[int] = mapped_column(Integer)
    brochures_given: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list[OutreachSessionLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="OutreachSessionLanguage.language"
    )
    topics: Mapped[list[OutreachSessionTopic]] = relationship(
        cascade="all, delete-orphan", order_by="OutreachSessionTopic.topic"
    )


class OutreachSessionLanguage(Base):
    """A language an outreach session was held in."""

    __tablename__ = "outreach_session_language"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_session.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)


class OutreachSessionTopic(Base):
    """A topic an outreach session covered."""

    __tablename__ = "outreach_session_topic"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_session.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)


class LocalState(Base):
    """Small key/value facts of this installation, e.g. its random device id."""

    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))
