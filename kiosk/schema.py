"""The local database's tables, declared once for the ORM and for Alembic's comparisons.

Reach rows are anonymous by construction (see DESIGN.md): no names, no free text, no precise time
(a local date and an hour bucket only) and a random uuid per event, so no column can link two
visits of the same person.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the kiosk's local tables."""


class ReachEvent(Base):
    """One anonymous count: something happened once (or ``quantity`` times) in an hour bucket."""

    __tablename__ = "reach_event"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("hour_bucket BETWEEN 0 AND 23", name="hour_bucket_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    site: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    local_date: Mapped[str] = mapped_column(String(10))
    hour_bucket: Mapped[int] = mapped_column(Integer)
    content_version: Mapped[str | None] = mapped_column(String(32))
    # None while unsynced; the batch id the central acknowledged once synced.
    synced_batch: Mapped[str | None] = mapped_column(String(36), index=True)


class LocalState(Base):
    """Small key/value facts of this installation, e.g. its random device id."""

    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))
