"""Simulated visits for demos, load and soak tests, through the very code the screens call.

Each simulated visitor goes through :class:`kiosk.reach.visit.Visit` (touch or assisted start,
language choice or a request for a language the pack lacks, topics, audio, a card, a QR code, then
done, idle or hide), and each outreach session through :class:`kiosk.reach.outreach.OutreachLog`
(some saved as drafts first, some corrected, a few voided), so a simulation exercises exactly what a
day at the desk would. A wall clock of its own spreads them over the last ``days`` days at plausible
hours; the same seed gives the same visits.

The language mix is a rough picture of workers arriving in BC under SAWP, the agricultural stream
and the caregiver programs: mostly Spanish, Tagalog, Punjabi, English, Vietnamese and Thai, with
K'iche' speakers from Guatemala, Portuguese, Nepali, Hindi and Cebuano, whom a pack may not serve.
A visitor can only ask for a language the "my language is not here" screen lists, so those are
the ones simulated (tests/kiosk/test_simulate.py checks it).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from kiosk.errors import DiskFullError
from kiosk.i18n import REQUESTABLE_LANGUAGES
from kiosk.reach.log import ReachLog
from kiosk.reach.outreach import OutreachLog, SessionForm
from kiosk.reach.receipt import Receipt
from kiosk.reach.visit import END_REASONS, Visit
from kiosk.reach.vocabulary import BC_REGIONS, SECTORS, STREAMS

# (language, weight, what the visitor picks when the pack lacks it)
LANGUAGE_MIX: tuple[tuple[str, int, str], ...] = (
    ("es", 36, "es"),
    ("tl", 14, "en"),
    ("pa", 9, "en"),
    ("en", 9, "en"),
    ("vi", 5, "en"),
    ("th", 5, "en"),
    ("zh-Hans", 3, "zh-Hant"),
    ("zh-Hant", 2, "zh-Hans"),
    ("fr", 3, "en"),
    ("ar", 2, "en"),
    ("quc", 4, "es"),
    ("pt", 2, "es"),
    ("ne", 2, "en"),
    ("hi", 2, "pa"),
    ("ceb", 2, "tl"),
)
# Arrivals at YVR by hour: early-morning and evening peaks, quiet nights.
HOUR_WEIGHTS = (1, 0, 0, 0, 1, 3, 8, 9, 7, 5, 4, 4, 5, 6, 8, 9, 8, 7, 6, 6, 7, 8, 5, 2)
REGION_WEIGHTS = (5, 6, 8, 3, 1, 1, 1, 1)  # Fraser Valley and Okanagan farms first
SECTOR_WEIGHTS = (12, 3, 3, 2, 1, 1)
STREAM_WEIGHTS = (6, 4, 2, 1)
SESSIONS_PER_VISITS = 40


@dataclass(frozen=True)
class SimulationReport:
    visits: int
    sessions: int
    corrected: int
    voided: int
    events: int
    first_day: date
    last_day: date
    seconds: float

    def summary(self) -> str:
        rate = self.events / self.seconds if self.seconds else 0.0
        return (
            f"simulated {self.visits} visits and {self.sessions} outreach sessions "
            f"({self.corrected} corrected, {self.voided} voided) "
            f"from {self.first_day} to {self.last_day}: {self.events} events written "
            f"in {self.seconds:.1f} s ({rate:.0f} events/s)"
        )


class SimulatedClock:
    """The wall clock the simulation's ReachLog reads; the simulation moves it."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class _Tracked:
    """Passes a visit's events to the log, keeping their receipts to check they were written."""

    def __init__(self, reach: ReachLog):
        self._reach = reach
        self.pending: list[Receipt] = []
        self.written = 0

    def submit(
        self,
        kind: str,
        *,
        channel: str,
        language: str | None,
        topic: str | None,
        quantity: int,
        assisted: bool,
    ) -> Receipt:
        receipt = self._reach.submit(
            kind,
            channel=channel,
            language=language,
            topic=topic,
            quantity=quantity,
            assisted=assisted,
        )
        self.pending.append(receipt)
        return receipt

    def settle(self) -> None:
        """Wait until every event so far is on disk; raise if the disk refuses them."""
        while self.pending:
            last = self.pending[-1]  # the writer is first in, first out
            try:
                last.exception(timeout=0.5)
            except TimeoutError:
                if self._reach.waiting_for_disk:
                    raise DiskFullError(
                        "the disk holding the reach database is full; the simulation stopped"
                    ) from None
                continue
            for receipt in self.pending:
                receipt.result()  # raises what the writer raised, if anything
            self.written += len(self.pending)
            self.pending = []


def run(
    reach: ReachLog,
    clock: SimulatedClock,
    languages: Sequence[str],
    topics: Sequence[str],
    visits: int,
    *,
    today: date,
    days: int = 30,
    seed: int | None = None,
    sessions: int | None = None,
) -> SimulationReport:
    """Drive ``visits`` kiosk visits and ``sessions`` outreach sessions (default: one per 40
    visits) over the ``days`` days ending ``today``; return what was written."""
    if visits < 0 or days < 1:
        raise ValueError("visits must be >= 0 and days >= 1")
    chance = random.Random(seed)
    zone = clock.now.tzinfo
    first_day = today - timedelta(days=days - 1)
    sessions = visits // SESSIONS_PER_VISITS if sessions is None else sessions
    started = time.perf_counter()
    tracked = _Tracked(reach)
    desk = Visit(tracked)  # one desk, one visitor after another, as in the kiosk window
    for moment in sorted(
        _moment(chance, first_day, days, HOUR_WEIGHTS, zone) for _ in range(visits)
    ):
        clock.now = moment
        _one_visit(chance, desk, clock, languages, topics)
        if len(tracked.pending) >= 2000:
            tracked.settle()
    tracked.settle()

    outreach = OutreachLog(reach)
    office_hours = tuple(1 if 9 <= hour <= 19 else 0 for hour in range(24))
    corrected = voided = session_events = 0
    for _ in range(sessions):
        clock.now = _moment(chance, first_day, days, office_hours, zone)
        outcome, events = _one_session(chance, outreach, clock.now.date(), languages, topics)
        corrected += outcome == "corrected"
        voided += outcome == "void"
        session_events += events
    return SimulationReport(
        visits=visits,
        sessions=sessions,
        corrected=corrected,
        voided=voided,
        events=tracked.written + session_events,
        first_day=first_day,
        last_day=today,
        seconds=time.perf_counter() - started,
    )


def _moment(
    chance: random.Random, first_day: date, days: int, hours: Sequence[int], zone: tzinfo | None
) -> datetime:
    day = first_day + timedelta(days=chance.randrange(days))
    hour = chance.choices(range(24), weights=hours)[0]
    return datetime(day.year, day.month, day.day, hour, chance.randrange(60), tzinfo=zone)


def _one_visit(
    chance: random.Random,
    desk: Visit,
    clock: SimulatedClock,
    offered: Sequence[str],
    topics: Sequence[str],
) -> None:
    def later() -> None:
        clock.now += timedelta(seconds=chance.randint(20, 150))

    if chance.random() < 0.12:
        desk.mark_assisted()  # staff start the visit for someone who asked for help
    else:
        desk.touch()
    wanted, _weight, fallback = chance.choices(LANGUAGE_MIX, weights=[m[1] for m in LANGUAGE_MIX])[
        0
    ]
    language = wanted
    if wanted not in offered:
        if wanted in REQUESTABLE_LANGUAGES:  # what the "my language is not here" screen lists
            desk.request_language(wanted)
        language = fallback if fallback in offered else offered[0]
    later()
    desk.choose_language(language)
    seen = chance.sample(list(topics), k=min(len(topics), chance.choice([0, 1, 1, 2, 2, 3, 4])))
    for topic in seen:
        later()
        desk.view_topic(topic)
        if chance.random() < 0.2:
            desk.play_audio(topic)
    if seen and chance.random() < 0.25:
        later()
        desk.print_card()
    if seen and chance.random() < 0.2:
        desk.show_qr(chance.choice(seen))
    desk.end(chance.choices(END_REASONS, weights=(60, 35, 5))[0])


def _one_session(
    chance: random.Random,
    outreach: OutreachLog,
    day: date,
    languages: Sequence[str],
    topics: Sequence[str],
) -> tuple[str, int]:
    """Record one farm visit; return what became of it and how many events it left."""
    workers = chance.randint(3, 40)
    form = SessionForm(
        session_date=day,
        region=chance.choices(BC_REGIONS, weights=REGION_WEIGHTS)[0],
        sector=chance.choices(SECTORS, weights=SECTOR_WEIGHTS)[0],
        stream=chance.choices(STREAMS, weights=STREAM_WEIGHTS)[0],
        workers_reached=workers,
        cards_given=chance.randint(0, workers),
        brochures_given=chance.randint(0, workers // 2),
        languages=tuple(
            chance.sample(list(languages), k=min(len(languages), chance.choice([1, 1, 2])))
        ),
        topics=tuple(chance.sample(list(topics), k=chance.randint(1, len(topics)))),
    )
    session_id = None
    if chance.random() < 0.3:  # saved as a draft while presenting
        session_id = outreach.save_draft(replace(form, workers_reached=0)).result()
    session_id = outreach.record(form, session_id).result()
    if chance.random() < 0.1:  # a count corrected back at the office
        form = replace(form, workers_reached=max(1, workers + chance.randint(-3, 3)))
        outreach.record(form, session_id).result()
        return "corrected", _events_of(form)
    if chance.random() < 0.03:  # entered twice by mistake
        outreach.void(session_id).result()
        return "void", 0
    return "recorded", _events_of(form)


def _events_of(form: SessionForm) -> int:
    return (
        1
        + len(form.languages)
        + len(form.topics)
        + (form.cards_given > 0)
        + (form.brochures_given > 0)
    )
