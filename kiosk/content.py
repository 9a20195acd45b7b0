"""Content packs: the orientation topics and contacts a kiosk shows, per language.

A pack is a folder: ``pack.toml`` (id, version, languages, topic order, translation status),
``topics/<topic>/<lang>.md`` and ``contacts.toml``. Loading validates the whole pack first and
raises ContentError naming the file and the problem, so a broken pack never half-loads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from kiosk.errors import ContentError

DEFAULT_PACK = "content"
TRANSLATION_STATUSES = ("draft", "reviewed")

# Where a missing translation falls back to before the pack's default language.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "zh-Hant": ("zh-Hans",),
    "zh-Hans": ("zh-Hant",),
}


@dataclass(frozen=True)
class TopicPage:
    """A topic as shown: its Markdown, in which language it really is, and whether that differs."""

    topic: str
    title: str
    markdown: str
    language: str
    requested_language: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested_language


@dataclass(frozen=True)
class Pack:
    """A loaded, validated content pack."""

    id: str
    version: str
    default_language: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    translation_status: dict[str, str]
    _pages: dict[tuple[str, str], str] = field(repr=False)

    def fallback_chain(self, language: str) -> tuple[str, ...]:
        """The languages tried, in order, for a page asked for in ``language``."""
        chain = [language, *FALLBACKS.get(language, ()), self.default_language]
        return tuple(dict.fromkeys(chain))

    def page(self, topic: str, language: str) -> TopicPage:
        """A topic's page in ``language``, or in the first language of its fallback chain."""
        for candidate in self.fallback_chain(language):
            markdown = self._pages.get((topic, candidate))
            if markdown is not None:
                return TopicPage(topic, _title(markdown), markdown, candidate, language)
        raise ContentError(f"topic {topic!r} has no page in {language!r} or its fallbacks")

    def title(self, topic: str, language: str) -> str:
        return self.page(topic, language).title

    def is_draft(self, language: str) -> bool:
        return self.translation_status.get(language) == "draft"


def default_pack_root() -> Traversable:
    """The pack shipped inside the application."""
    return resources.files("kiosk.resources") / DEFAULT_PACK


def load_pack(root: Traversable | None = None) -> Pack:
    """Read and validate a pack folder; raise ContentError naming the first broken file."""
    root = default_pack_root() if root is None else root
    meta = _read_toml(root / "pack.toml")
    try:
        pack_id = _require(meta, "id", str)
        version = _require(meta, "version", str)
        default_language = _require(meta, "default_language", str)
        languages = tuple(_require(meta, "languages", list))
        topics = tuple(_require(meta, "topics", list))
    except ContentError as exc:
        raise ContentError(f"pack.toml: {exc}") from exc
    if default_language not in languages:
        raise ContentError(f"pack.toml: default_language {default_language!r} not in languages")

    status: dict[str, str] = {}
    for language, entry in meta.get("translations", {}).items():
        value = entry.get("status") if isinstance(entry, dict) else None
        if value not in TRANSLATION_STATUSES:
            raise ContentError(
                f"pack.toml: translations.{language}.status must be draft or reviewed"
            )
        status[language] = value

    pages: dict[tuple[str, str], str] = {}
    for topic in topics:
        folder = root / "topics" / topic
        if not folder.is_dir():
            raise ContentError(f"topics/{topic}: missing folder for a topic listed in pack.toml")
        for language in languages:
            page = folder / f"{language}.md"
            if page.is_file():
                text = page.read_text(encoding="utf-8")
                if not _title(text):
                    raise ContentError(f"topics/{topic}/{language}.md:1: must start with '# Title'")
                pages[(topic, language)] = text
        if (topic, default_language) not in pages:
            raise ContentError(f"topics/{topic}/{default_language}.md: missing default language")

    return Pack(pack_id, version, default_language, languages, topics, status, pages)


def _read_toml(path: Traversable) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{path.name}: missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def _require(meta: dict[str, Any], key: str, kind: type) -> Any:
    value = meta.get(key)
    if not isinstance(value, kind) or not value:
        raise ContentError(f"'{key}' must be a non-empty {kind.__name__}")
    return value


def _title(markdown: str) -> str:
    first = markdown.lstrip().split("\n", 1)[0]
    return first[2:].strip() if first.startswith("# ") else ""
