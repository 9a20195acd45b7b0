"""A loaded, validated content pack: topics per language, contacts, translation status.

Only :mod:`kiosk.packs.validate` builds these, after the whole pack has passed every check, so the
screens can read a Pack without guarding against missing pieces: a missing translation is a
declared one, and it falls back along a chain (``zh-Hant -> zh-Hans -> en``) to a page that
exists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources.abc import Traversable

from kiosk.errors import ContentError
from kiosk.i18n import FALLBACKS
from kiosk.packs.markdown import title_of

TRANSLATION_STATUSES = ("draft", "reviewed")

# FALLBACKS: where a missing translation falls back to before the pack's default language; a
# pack may add its own chains in pack.toml's [fallbacks] table.


@dataclass(frozen=True)
class TopicPage:
    """A topic as shown: its Markdown, in which language it really is, and whether that differs."""

    topic: str
    title: str
    markdown: str
    language: str
    requested_language: str
    draft: bool = False
    audio: Traversable | None = None
    machine_voice: bool = False  # the audio was made by a machine voice, not recorded
    narration_hidden: bool = False  # a machine narration exists, but this site hides it

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested_language


@dataclass(frozen=True)
class Translation:
    """pack.toml's word on one language: draft or reviewed (by whom, when), and what is missing."""

    language: str
    status: str
    reviewed_by: str | None = None
    reviewed_on: date | None = None
    missing: tuple[str, ...] = ()


CALLED = "called"
OFFICIAL_PAGE = "official page"
VERIFIED_HOW = (CALLED, OFFICIAL_PAGE)


@dataclass(frozen=True)
class Contact:
    """An organisation or hotline, with the source of its facts and when they were checked."""

    id: str
    phone: str
    source: str
    verified_on: date
    names: Mapping[str, str]
    descriptions: Mapping[str, str]
    hours: str = ""
    website: str | None = None
    languages_served: tuple[str, ...] = ()
    verified_how: str = "official page"
    page_date: date | None = None
    doubt: str = ""

    @property
    def called_on(self) -> date | None:
        """The day someone phoned the number and reached the service, or None if nobody has.

        Only a call proves a number works today; a page (even an official one) may be years
        older than the day it was read, so reading it is not a check of the number."""
        return self.verified_on if self.verified_how == CALLED else None

    def age_days(self, today: date) -> int | None:
        """Days since the last call, or None when the number was never called."""
        called = self.called_on
        return None if called is None else (today - called).days

    def needs_call(self, today: date, max_age_days: int) -> bool:
        """Never called, called longer ago than the site allows, or in doubt."""
        age = self.age_days(today)
        return age is None or age > max_age_days or bool(self.doubt)


@dataclass(frozen=True)
class Pack:
    """A loaded, validated content pack."""

    id: str
    version: str
    default_language: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    translations: Mapping[str, Translation] = field(default_factory=dict)
    contacts: tuple[Contact, ...] = ()
    fallbacks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _pages: Mapping[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _audio: Mapping[tuple[str, str], Traversable] = field(default_factory=dict, repr=False)
    _machine_audio: frozenset[tuple[str, str]] = field(default_factory=frozenset, repr=False)
    _hidden_audio: frozenset[tuple[str, str]] = field(default_factory=frozenset, repr=False)

    @property
    def translation_status(self) -> dict[str, str]:
        return {language: entry.status for language, entry in self.translations.items()}

    def fallback_chain(self, language: str) -> tuple[str, ...]:
        """The languages tried, in order, for a page asked for in ``language``."""
        extra = self.fallbacks.get(language, FALLBACKS.get(language, ()))
        chain = [language, *extra, self.default_language]
        return tuple(code for code in dict.fromkeys(chain) if code in self.languages)

    def page(self, topic: str, language: str) -> TopicPage:
        """A topic's page in ``language``, or in the first language of its fallback chain."""
        for candidate in self.fallback_chain(language):
            markdown = self._pages.get((topic, candidate))
            if markdown is not None:
                return TopicPage(
                    topic,
                    title_of(markdown),
                    markdown,
                    candidate,
                    language,
                    draft=self.is_draft(candidate),
                    audio=self._audio.get((topic, candidate)),
                    machine_voice=(topic, candidate) in self._machine_audio,
                    narration_hidden=(topic, candidate) in self._hidden_audio,
                )
        raise ContentError(f"topic {topic!r} has no page in {language!r} or its fallbacks")

    def title(self, topic: str, language: str) -> str:
        return self.page(topic, language).title

    def is_draft(self, language: str) -> bool:
        """Whether a language's translation is a draft; the default language never is."""
        entry = self.translations.get(language)
        if entry is None:
            return language != self.default_language
        return entry.status != "reviewed"

    def has_audio(self, topic: str, language: str) -> bool:
        return (topic, language) in self._audio

    def is_machine_narration(self, topic: str, language: str) -> bool:
        return (topic, language) in self._machine_audio

    def without_machine_narration(self) -> Pack:
        """The pack as a site that offers recorded narration only shows it; its pages still
        know that a machine narration was left out, so they do not say none exists."""
        hidden = self._machine_audio & self._audio.keys()
        return dataclasses.replace(
            self,
            _audio={key: audio for key, audio in self._audio.items() if key not in hidden},
            _machine_audio=frozenset(),
            _hidden_audio=self._hidden_audio | hidden,
        )

    def contact_name(self, contact: Contact, language: str) -> str:
        for candidate in self.fallback_chain(language):
            if candidate in contact.names:
                return contact.names[candidate]
        return next(iter(contact.names.values()), contact.id)

    def without_drafts(self) -> Pack:
        """The pack as a site that hides draft translations shows it."""
        kept = tuple(code for code in self.languages if not self.is_draft(code))
        return dataclasses.replace(
            self,
            languages=kept,
            _pages={key: text for key, text in self._pages.items() if key[1] in kept},
            _audio={key: audio for key, audio in self._audio.items() if key[1] in kept},
        )

    def stale_contacts(self, today: date, max_age_days: int) -> list[Contact]:
        """Contacts desk staff should call: never called first, then oldest call first.

        A number read on a page, however recently, was never proved to ring the service."""
        stale = [contact for contact in self.contacts if contact.needs_call(today, max_age_days)]
        return sorted(stale, key=lambda contact: (contact.called_on or date.min, contact.id))
