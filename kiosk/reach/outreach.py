"""Outreach sessions: what an outreach worker records after presenting to a group on a farm visit.

A session holds codes and counts only (date, BC region, sector, work-permit stream, workers
reached, cards and brochures handed out, languages and topics covered): never a name of a person
or an employer, and no free text. Recording it turns it into ordinary reach events on the
``outreach`` channel, so the central endpoint counts sessions exactly as it counts kiosk visits:

* ``outreach_session`` with quantity = workers reached,
* ``language_selected`` once per language the session was held in,
* ``topic_viewed`` once per topic covered,
* ``card_printed`` with quantity = cards handed out, ``brochure_given`` with quantity = brochures,

each with the session's date, region, sector and stream, and ``assisted`` set (a person
presented). The form asks for no time of day, so the hour bucket is the hour it was recorded.

A recorded session can be corrected or voided until the first of its events is handed to the
sync client: a correction replaces its events in one transaction (new uuids, new sequence
numbers), a void removes them. After that the session is locked, because its counts may already
be in the central figures.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, case, delete, exists, func, select
from sqlalchemy.orm import Session

from kiosk.codes import LANGUAGE_CODE, TOPIC_ID, matches
from kiosk.errors import InvalidEventError, KioskError, SessionLockedError
from kiosk.reach.log import ReachLog, insert_events
from kiosk.reach.vocabulary import BC_REGIONS, SECTORS, STREAMS
from kiosk.storage.schema import (
    OutreachSession,
    OutreachSessionLanguage,
    OutreachSessionTopic,
    ReachEvent,
)

STATUSES = ("draft", "recorded", "void")
# An event that is synced, or handed to the sync client: it may be in the central figures.
_SENT = ReachEvent.synced_batch.is_not(None) | ReachEvent.handed_out.is_(True)
MAX_WORKERS = 1000  # one session; more is a typing slip, not a group
MAX_HANDED_OUT = 5000


@dataclass(frozen=True)
class SessionForm:
    """What the outreach worker entered; every field is a code or a count."""

    session_date: date
    region: str
    sector: str
    stream: str
    workers_reached: int = 0
    cards_given: int = 0
    brochures_given: int = 0
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Sets, really: each code once, in a fixed order, so two equal forms compare equal.
        for name in ("languages", "topics"):
            codes = getattr(self, name)
            if all(isinstance(code, str) for code in codes):
                object.__setattr__(self, name, tuple(sorted(set(codes))))

    def problems(self, recording: bool) -> list[str]:
        """Why this form cannot be saved (as a draft) or recorded; empty when it can."""
        found = []
        if self.region not in BC_REGIONS:
            found.append(f"unknown region {self.region!r}")
        if self.sector not in SECTORS:
            found.append(f"unknown sector {self.sector!r}")
        if self.stream not in STREAMS:
            found.append(f"unknown stream {self.stream!r}")
        for name, limit in (
            ("workers_reached", MAX_WORKERS),
            ("cards_given", MAX_HANDED_OUT),
            ("brochures_given", MAX_HANDED_OUT),
        ):
            value = getattr(self, name)
            if type(value) is not int or not 0 <= value <= limit:
                found.append(f"{name} must be 0..{limit}, got {value!r}")
        found += [
            f"not a language code: {c!r}" for c in self.languages if not matches(LANGUAGE_CODE, c)
        ]
        found += [f"not a topic id: {t!r}" for t in self.topics if not matches(TOPIC_ID, t)]
        if recording and self.workers_reached < 1:
            found.append("a recorded session reached at least one worker")
        if recording and not self.languages:
            found.append("a recorded session was held in at least one language")
        return found


@dataclass(frozen=True)
class SessionRecord:
    """A stored session and where it stands."""

    id: int
    form: SessionForm
    status: str
    locked: bool = False  # some of its counts are synced or on their way: no more changes
    synced: bool = False  # all of its counts are acknowledged by the central endpoint
    events: int = field(default=0, compare=False)

    @property
    def editable(self) -> bool:
        return self.status != "void" and not self.locked


class OutreachLog:
    """Saves, records, corrects and voids outreach sessions through the reach log's writer."""

    def __init__(self, reach: ReachLog):
        self._reach = reach

    def save_draft(self, form: SessionForm, session_id: int | None = None) -> Future[int]:
        """Keep the form without counting it yet (e.g. while presenting); gives the session id."""
        return self._save(form, session_id, "draft")

    def record(self, form: SessionForm, session_id: int | None = None) -> Future[int]:
        """Count the session: store it and its events durably; gives the session id.

        For a session already recorded and not yet synced, its events are replaced.
        """
        return self._save(form, session_id, "recorded")

    def void(self, session_id: int) -> Future[None]:
        """Take a session back entirely (entered by mistake); refused once it is locked."""

        def work(session: Session) -> None:
            row = _editable_row(session, session_id)
            session.execute(delete(ReachEvent).where(ReachEvent.session_id == session_id))
            row.status = "void"

        return self._reach.transaction(work)

    def sessions(self, limit: int = 200) -> list[SessionRecord]:
        """The latest sessions, newest first, with their lock and sync state."""
        with self._reach.database.sessions() as session:
            rows = session.scalars(
                select(OutreachSession)
                .order_by(OutreachSession.session_date.desc(), OutreachSession.id.desc())
                .limit(limit)
            ).all()
            return [_record(session, row) for row in rows]

    def get(self, session_id: int) -> SessionRecord:
        with self._reach.database.sessions() as session:
            row = session.get(OutreachSession, session_id)
            if row is None:
                raise KioskError(f"no outreach session {session_id}")
            return _record(session, row)

    def _save(self, form: SessionForm, session_id: int | None, status: str) -> Future[int]:
        problems = form.problems(recording=status == "recorded")
        if problems:
            raise InvalidEventError("; ".join(problems))

        def work(session: Session) -> int:
            if session_id is None:
                row = OutreachSession()
                session.add(row)
            else:
                row = _editable_row(session, session_id)
                session.execute(delete(ReachEvent).where(ReachEvent.session_id == session_id))
            _fill(row, form, status)
            session.flush()
            if status == "recorded":
                insert_events(session.connection(), self._events(form, row.id))
            return row.id

        return self._reach.transaction(work)

    def _events(self, form: SessionForm, session_id: int) -> list[dict[str, object]]:
        def event(
            kind: str, quantity: int = 1, language: str | None = None, topic: str | None = None
        ) -> dict[str, object]:
            return self._reach.build(
                kind,
                channel="outreach",
                language=language,
                topic=topic,
                quantity=quantity,
                assisted=True,
                region=form.region,
                sector=form.sector,
                stream=form.stream,
                local_date=form.session_date,
                session_id=session_id,
            )

        events = [event("outreach_session", form.workers_reached)]
        events += [event("language_selected", language=code) for code in form.languages]
        events += [event("topic_viewed", topic=topic) for topic in form.topics]
        if form.cards_given:
            events.append(event("card_printed", form.cards_given))
        if form.brochures_given:
            events.append(event("brochure_given", form.brochures_given))
        return events


def _editable_row(session: Session, session_id: int) -> OutreachSession:
    """The session, if it may still change; checked inside the writing transaction."""
    row = session.get(OutreachSession, session_id)
    if row is None:
        raise KioskError(f"no outreach session {session_id}")
    if row.status == "void":
        raise SessionLockedError("this outreach session was voided")
    if session.scalar(select(exists().where(_sent(session_id)))):
        raise SessionLockedError("this outreach session is already synced and cannot change")
    return row


def _sent(session_id: int) -> ColumnElement[bool]:
    return (ReachEvent.session_id == session_id) & _SENT


def _fill(row: OutreachSession, form: SessionForm, status: str) -> None:
    row.session_date = form.session_date.isoformat()
    row.region, row.sector, row.stream = form.region, form.sector, form.stream
    row.workers_reached = form.workers_reached
    row.cards_given = form.cards_given
    row.brochures_given = form.brochures_given
    row.status = status
    row.languages = [
        OutreachSessionLanguage(language=code) for code in dict.fromkeys(form.languages)
    ]
    row.topics = [OutreachSessionTopic(topic=topic) for topic in dict.fromkeys(form.topics)]


def _record(session: Session, row: OutreachSession) -> SessionRecord:
    total, sent, synced = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((_SENT, 1), else_=0)), 0),
            func.coalesce(func.sum(case((ReachEvent.synced_batch.is_not(None), 1), else_=0)), 0),
        ).where(ReachEvent.session_id == row.id)
    ).one()
    form = SessionForm(
        session_date=date.fromisoformat(row.session_date),
        region=row.region,
        sector=row.sector,
        stream=row.stream,
        workers_reached=row.workers_reached,
        cards_given=row.cards_given,
        brochures_given=row.brochures_given,
        languages=tuple(item.language for item in row.languages),
        topics=tuple(item.topic for item in row.topics),
    )
    return SessionRecord(
        id=row.id,
        form=form,
        status=row.status,
        locked=sent > 0,
        synced=total > 0 and synced == total,
        events=total,
    )
