"""One visit at the desk, from the first touch to "Done", the idle timeout or "hide".

The screens only tell this object what the visitor did; it decides which anonymous events that
makes and forgets everything about the visit when it ends, so nothing carries over to the next
person.

The visit event itself says which language the visit was held in, so that reach by language
counts people, not only language choices: it is written when the visitor first chooses a
language (a visit that switches language counts once, in its first), or, for a visitor who
leaves before choosing one, when the visit ends, without a language. Until then it is only in
memory: a power cut in the seconds before a language is chosen loses that one visit.

The kiosk paints its first screen before the database is open (see ui.kiosk.app), so a Visit can
start without a log: events made in that first moment wait in memory and are handed over on
:meth:`Visit.attach`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kiosk.reach.receipt import Receipt

log = logging.getLogger(__name__)

END_REASONS = ("done", "idle", "hide")


class EventSink(Protocol):
    """Where events go: :class:`kiosk.reach.log.ReachLog`."""

    def submit(
        self,
        kind: str,
        *,
        channel: str,
        language: str | None,
        topic: str | None,
        quantity: int,
        assisted: bool,
    ) -> Receipt: ...


@dataclass(frozen=True)
class _Pending:
    kind: str
    language: str | None
    topic: str | None
    quantity: int
    assisted: bool


class Visit:
    """The state of the current visit, if any, and the events it produces."""

    def __init__(self, reach: EventSink | None = None, channel: str = "kiosk"):
        self._reach = reach
        self._channel = channel
        self._waiting: list[_Pending] = []
        self.active = False
        self.language: str | None = None
        self.assisted = False
        self._languages_counted: set[str] = set()
        self._visit_counted = False

    def attach(self, reach: EventSink) -> None:
        """Start writing to ``reach``, beginning with any events made before it was ready."""
        self._reach = reach
        waiting, self._waiting = self._waiting, []
        for pending in waiting:
            self._send(pending)

    def touch(self) -> None:
        """The visitor did something: a visit starts if none is running.

        Its event waits for the visit's language (:meth:`choose_language`) or its end."""
        if not self.active:
            self.active = True
            self._visit_counted = False

    def mark_assisted(self) -> None:
        """Desk staff are helping this visitor: the visit's later events say so.

        Marked before the visit event is written (at the first language choice), the visit
        itself counts as assisted, which is what lets a coordinator count assisted visits;
        events cannot be linked afterwards.
        """
        self.assisted = True
        self.touch()

    def choose_language(self, language: str) -> None:
        """The visitor reads in ``language`` from now on.

        Counted once per language and visit: a coordinator reads language_selected as "visits
        held in this language", so going back to the picker and choosing the same language again
        must not count a second visit in it. A visit that switches language counts in each.
        """
        self.touch()
        self.language = language
        self._count_visit(language)
        if language not in self._languages_counted:
            self._languages_counted.add(language)
            self._submit("language_selected", language)

    def request_language(self, language: str) -> None:
        """The visitor's language is not offered; counting the request tells what to add."""
        self.touch()
        self._submit("language_requested", language)

    def view_topic(self, topic: str) -> None:
        self.touch()
        self._submit("topic_viewed", self.language, topic)

    def show_qr(self, topic: str | None = None) -> None:
        """The visitor looks at the card's QR codes on screen."""
        self.touch()
        self._submit("qr_shown", self.language, topic)

    def print_card(self, language: str | None = None, quantity: int = 1) -> None:
        """``quantity`` cards in ``language`` (default: the visit's) came out of the printer.

        Counted without touching the visit: the card may finish printing after its visitor's
        visit has ended, and it must neither be lost nor start a visit of its own.
        """
        self._submit("card_printed", language or self.language, quantity=quantity)

    def play_audio(self, topic: str) -> None:
        self.touch()
        self._submit("audio_played", self.language, topic)

    def end(self, reason: str) -> None:
        """Forget the visit. ``reason`` is one of END_REASONS; it is logged, never stored."""
        if reason not in END_REASONS:
            raise ValueError(f"unknown end reason {reason!r}")
        if self.active:
            self._count_visit(None)  # a visitor who left before choosing a language
            log.debug("visit ended: %s", reason)
        self.active = False
        self.language = None
        self.assisted = False
        self._languages_counted.clear()

    def _count_visit(self, language: str | None) -> None:
        """The visit's one event, in the language it is held in (None: none was chosen)."""
        if self.active and not self._visit_counted:
            self._visit_counted = True
            self._submit("visit", language)

    def _submit(
        self, kind: str, language: str | None = None, topic: str | None = None, quantity: int = 1
    ) -> None:
        pending = _Pending(kind, language, topic, quantity, self.assisted)
        if self._reach is None:
            self._waiting.append(pending)
            return
        self._send(pending)

    def _send(self, pending: _Pending) -> None:
        assert self._reach is not None
        future = self._reach.submit(
            pending.kind,
            channel=self._channel,
            language=pending.language,
            topic=pending.topic,
            quantity=pending.quantity,
            assisted=pending.assisted,
        )
        future.add_done_callback(_log_failure)


def _log_failure(receipt: Receipt) -> None:
    # The writer logs each refusal once per group with its reason; this only adds the detail.
    error = receipt.exception()
    if error is not None:
        log.debug("a reach event of a visit could not be written: %s", error)
