"""The audit log: every request for raw (unsuppressed) counts, who made it and what it asked;
and every person removed, or given a new password, from the command line.

Why a raw request is written before the answer is computed, in a transaction of its own: a
request that fails half-way, or whose answer never arrives, was still made and may still have
leaked. A removal or a new password is written in the transaction that makes it, so neither is
ever done without its entry. Their entries name the person concerned (``user_name``, ``role``);
``detail`` says it was done on the command line, by which account of the server if known.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select

from sync.central.db.database import CentralDatabase
from sync.central.db.models import AuditEntry
from sync.central.errors import utcnow

RAW_STATS: Final = "stats.raw"
USER_REMOVED: Final = "user.remove"
USER_PASSWORD: Final = "user.password"


@dataclass(frozen=True)
class Entry:
    at: datetime
    user_name: str
    role: str
    action: str
    detail: dict[str, Any]


def record(
    database: CentralDatabase,
    user_name: str,
    role: str,
    action: str,
    detail: dict[str, Any],
    now: datetime | None = None,
) -> None:
    """Write an entry in a transaction of its own."""
    with database.sessions.begin() as session:
        session.add(new_entry(user_name, role, action, detail, now))


def new_entry(
    user_name: str, role: str, action: str, detail: dict[str, Any], now: datetime | None = None
) -> AuditEntry:
    """An entry to add in the transaction that does what it records."""
    return AuditEntry(
        at=utcnow() if now is None else now,
        user_name=user_name,
        role=role,
        action=action,
        detail=json.dumps(detail, sort_keys=True, default=str),
    )


def entries(database: CentralDatabase, limit: int = 1000) -> list[Entry]:
    """The newest ``limit`` entries, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    with database.sessions() as session:
        return [
            Entry(
                at=row.at,
                user_name=row.user_name,
                role=row.role,
                action=row.action,
                detail=json.loads(row.detail),
            )
            for row in session.scalars(query)
        ]
