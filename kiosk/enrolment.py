"""This device's enrolment with the central endpoint: where it syncs and with which token.

Kept in the local database (``local_state``), beside the device id it was enrolled under, so
enrolment survives restarts and updates like the counts do. The token is a credential: it is
never logged and never shown; only whether the device is enrolled is.

The enrolment request id makes enrolling safe over a bad link: it is made and saved (durably)
before the first try, sent with every try of the same enrolment, and dropped only in the
transaction that saves the token. So when an answer is lost, or the device crashes or loses power
before saving it, the next try (even after a restart) sends the same id, and the central
recognises the retry instead of refusing the used code.

The central refuses a device id another device holds (a clone of this disk enrolled first): the
device then takes a new id (:func:`take_new_device_id`) and enrols again with the same code and
request id. Its events go out under the id it has when they are sent
(``kiosk.reach.store.hand_out``), so the backlog it shares with its twin is counted once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from kiosk.storage.database import DEVICE_ID_KEY, Database, new_device_id
from kiosk.storage.schema import LocalState

_KEYS = ("central_url", "central_token", "enrolled_site")
_REQUEST_KEY = "enrolment_request_id"


@dataclass(frozen=True)
class Enrolment:
    central_url: str
    token: str
    site: str

    def __repr__(self) -> str:  # the token stays out of logs and tracebacks
        return f"Enrolment(central_url={self.central_url!r}, site={self.site!r})"


def enrolment_request_id(database: Database) -> str:
    """The id of this device's enrolment in progress: the saved one, else a new one, saved.

    Call it before the first try and send the id with every try until the token is saved.
    """
    with database.sessions.begin() as session:
        row = session.get(LocalState, _REQUEST_KEY)
        if row is None:
            row = LocalState(key=_REQUEST_KEY, value=str(uuid.uuid4()))
            session.add(row)
        return row.value


def save_enrolment(database: Database, enrolment: Enrolment) -> None:
    """Save the token; the enrolment in progress, if any, is over (in the same transaction)."""
    values = dict(zip(_KEYS, (enrolment.central_url, enrolment.token, enrolment.site), strict=True))
    with database.sessions.begin() as session:
        for key, value in values.items():
            session.merge(LocalState(key=key, value=value))
        pending = session.get(LocalState, _REQUEST_KEY)
        if pending is not None:
            session.delete(pending)


def load_enrolment(database: Database) -> Enrolment | None:
    """The saved enrolment, or None if this device was never enrolled."""
    with database.sessions() as session:
        rows = session.scalars(select(LocalState).where(LocalState.key.in_(_KEYS))).all()
    values = {row.key: row.value for row in rows}
    if not all(key in values for key in _KEYS):
        return None
    return Enrolment(values["central_url"], values["central_token"], values["enrolled_site"])


def forget_enrolment(database: Database) -> None:
    """Drop the token (e.g. after the central revoked it); the counts stay."""
    with database.sessions.begin() as session:
        for row in session.scalars(select(LocalState).where(LocalState.key.in_(_KEYS))):
            session.delete(row)


def take_new_device_id(database: Database) -> str:
    """Replace this device's id with a fresh random one, durably; the new id.

    For a device whose id the central says another device holds. In one transaction: the token
    saved for the old id goes with it (it could only be used for events naming that id), the
    enrolment in progress stays (its code was not used), and from the next push on, every
    unsynced event is sent under the new id. A power cut leaves the old id or the new one,
    never a mix.
    """
    new = new_device_id()
    with database.sessions.begin() as session:
        session.merge(LocalState(key=DEVICE_ID_KEY, value=new))
        for row in session.scalars(select(LocalState).where(LocalState.key.in_(_KEYS))):
            session.delete(row)
    return new
