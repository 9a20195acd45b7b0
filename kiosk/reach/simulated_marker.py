"""Whether a data folder holds simulated visits, so they never reach a funder's report.

Simulated counts look exactly like real ones (that is their point: demos, load and soak tests).
The marker is written before the first simulated event, in its own durable transaction, so a
folder cannot hold simulated events without it; enrolling such a folder needs an explicit
acknowledgement (``outreach-kiosk enrol --allow-simulated``, for a test central).
"""

from __future__ import annotations

from kiosk.storage.database import Database
from kiosk.storage.schema import LocalState

MARKER_KEY = "holds_simulated_visits"


def mark_simulated(database: Database) -> None:
    with database.sessions.begin() as session:
        session.merge(LocalState(key=MARKER_KEY, value="yes"))


def holds_simulated(database: Database) -> bool:
    with database.sessions() as session:
        return session.get(LocalState, MARKER_KEY) is not None
