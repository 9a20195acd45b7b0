"""Reads and checks ``pack.toml``: what the pack is, its languages, topics and translation status.

The format (every key, see also README's "Content packs"):

    id = "bc-orientation"              # lower-case letters, digits, '-'
    version = "2026.11.0"              # dotted numbers; a newer pack has a higher version
    default_language = "en"            # where every fallback chain ends; never a draft
    source_language = "en"             # the language translations are made from (optional)
    languages = ["en", "es", ...]      # pack language codes (BCP 47 style: zh-Hant)
    topics = ["rights-at-work", ...]   # topic ids, in the order the topic list shows them

    [translations.es]                  # one table per language but the source language
    status = "draft"                   # "draft" until a qualified person has reviewed it
    reviewed_by = "..."                # required when status = "reviewed"
    reviewed_on = 2026-11-30           # required when status = "reviewed"
    missing = ["some-topic"]           # optional: topics knowingly not translated yet

    [fallbacks]                        # optional: extra fallback chains, before the default
    zh-Hant = ["zh-Hans"]

    [narration.fr]                     # optional: narration a machine voice made (see
    machine = ["rights-at-work", ...]  # kiosk.packs.narration_table); other audio files are
    voice = "espeak-ng fr-fr"          # recordings by people
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel import UnknownLocaleError

from kiosk.codes import CONTENT_VERSION, LANGUAGE_CODE, NAME_RULE, PACK_ID, TOPIC_ID, matches
from kiosk.i18n import babel_locale
from kiosk.language_table import LANGUAGES
from kiosk.packs.files import PACK_TOML
from kiosk.packs.model import TRANSLATION_STATUSES, Translation
from kiosk.packs.narration_table import MachineNarration, read_narration
from kiosk.packs.problems import Problem, toml_problem

VERSION = re.compile(r"^\d+(\.\d+){0,3}$")
KNOWN_KEYS = (
    "id",
    "version",
    "default_language",
    "source_language",
    "languages",
    "topics",
    "translations",
    "fallbacks",
    "narration",
)
TRANSLATION_KEYS = ("status", "reviewed_by", "reviewed_on", "missing")


@dataclass
class PackMeta:
    """pack.toml, checked."""

    id: str = ""
    version: str = ""
    default_language: str = ""
    source_language: str = ""
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    translations: dict[str, Translation] = field(default_factory=dict)
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    machine_narration: dict[str, MachineNarration] = field(default_factory=dict)


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers, for comparing: 2026.11.0 < 2026.12.0 < 2027.1."""
    return tuple(int(part) for part in version.split(".")) if VERSION.match(version) else ()


def known_language(code: str) -> bool:
    if code in LANGUAGES:  # checked against babel by the tests; no locale data to load
        return True
    try:
        babel_locale(code)
    except (ValueError, LookupError, UnknownLocaleError):
        return False
    return True


def read_pack_meta(text: str) -> tuple[PackMeta, list[Problem]]:
    """Parse pack.toml's text; every problem names the key and, where it can, the line."""
    meta = PackMeta()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return meta, [toml_problem(PACK_TOML, exc)]
    problems: list[Problem] = []

    def problem(message: str, key: str | None = None) -> None:
        problems.append(Problem(PACK_TOML, message, line_of(text, key) if key else None))

    for key in data:
        if key not in KNOWN_KEYS:
            problem(f"unknown key '{key}' (known: {', '.join(KNOWN_KEYS)})", key)

    meta.id = _string(data, "id", problem)
    if meta.id and not matches(PACK_ID, meta.id):
        problem(f"id {meta.id!r} must be {NAME_RULE}", "id")
    meta.version = _string(data, "version", problem)
    # Every count carries the version (sync.protocol): it must also be a content version.
    if meta.version and not (
        matches(VERSION, meta.version) and matches(CONTENT_VERSION, meta.version)
    ):
        problem(
            f"version {meta.version!r} must be dotted numbers like 2026.11.0, up to 32 characters",
            "version",
        )

    meta.languages = _codes(data, "languages", problem)
    for code in meta.languages:
        if not matches(LANGUAGE_CODE, code) or not known_language(code):
            problem(f"unknown language code {code!r} in languages", "languages")
    meta.topics = _codes(data, "topics", problem)
    for topic in meta.topics:
        if not matches(TOPIC_ID, topic):
            problem(f"topic id {topic!r} must be {NAME_RULE}", "topics")

    meta.default_language = _string(data, "default_language", problem)
    if meta.default_language and meta.default_language not in meta.languages:
        problem(
            f"default_language {meta.default_language!r} is not in languages", "default_language"
        )
    meta.source_language = str(data.get("source_language", meta.default_language))
    if meta.source_language not in meta.languages:
        problem(f"source_language {meta.source_language!r} is not in languages", "source_language")

    _read_translations(data, meta, text, problems)
    _read_fallbacks(data, meta, problem)
    meta.machine_narration = read_narration(data, meta.languages, meta.topics, problem)
    return meta, problems


def _read_translations(
    data: dict[str, Any], meta: PackMeta, text: str, problems: list[Problem]
) -> None:
    table = data.get("translations", {})
    if not isinstance(table, dict):
        problems.append(Problem(PACK_TOML, "[translations] must be a table of languages"))
        return
    for language, entry in table.items():
        where = line_of(text, f"translations.{language}")

        def problem(message: str, language: str = language, where: int | None = where) -> None:
            problems.append(Problem(PACK_TOML, f"translations.{language}: {message}", where))

        if language not in meta.languages:
            problem("not one of the pack's languages")
            continue
        if not isinstance(entry, dict):
            problem("must be a table with a status")
            continue
        for key in entry:
            if key not in TRANSLATION_KEYS:
                problem(f"unknown key '{key}' (known: {', '.join(TRANSLATION_KEYS)})")
        status = entry.get("status")
        if status not in TRANSLATION_STATUSES:
            problem('status must be "draft" or "reviewed"')
            continue
        reviewed_by = entry.get("reviewed_by")
        reviewed_on = as_date(entry.get("reviewed_on"))
        if status == "reviewed" and (not isinstance(reviewed_by, str) or not reviewed_by.strip()):
            problem("a reviewed translation needs reviewed_by (who reviewed it)")
        if status == "reviewed" and reviewed_on is None:
            problem("a reviewed translation needs reviewed_on (a date, e.g. 2026-11-30)")
        missing = entry.get("missing", [])
        if not isinstance(missing, list) or not all(isinstance(item, str) for item in missing):
            problem("missing must be a list of topic ids")
            missing = []
        for topic in missing:
            if topic not in meta.topics:
                problem(f"missing names {topic!r}, which is not in topics")
        if language == meta.default_language and missing:
            problem("the default language cannot have missing topics")
        meta.translations[language] = Translation(
            language,
            status,
            reviewed_by if isinstance(reviewed_by, str) else None,
            reviewed_on,
            tuple(missing),
        )
    for language in meta.languages:
        if language != meta.source_language and language not in table:
            problems.append(
                Problem(
                    PACK_TOML,
                    f"language {language!r} has no [translations.{language}] status "
                    "(draft or reviewed)",
                    line_of(text, "languages"),
                )
            )


def _read_fallbacks(data: dict[str, Any], meta: PackMeta, problem: Any) -> None:
    table = data.get("fallbacks", {})
    if not isinstance(table, dict):
        problem("[fallbacks] must map a language to a list of languages", "fallbacks")
        return
    for language, chain in table.items():
        if (
            language not in meta.languages
            or not isinstance(chain, list)
            or not all(isinstance(code, str) and code in meta.languages for code in chain)
        ):
            problem(f"fallbacks.{language} must list languages of the pack", "fallbacks")
            continue
        meta.fallbacks[language] = tuple(chain)


def _string(data: dict[str, Any], key: str, problem: Any) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problem(f"'{key}' must be a non-empty string", key if key in data else None)
        return ""
    return value


def _codes(data: dict[str, Any], key: str, problem: Any) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problem(f"'{key}' must be a non-empty list of strings", key if key in data else None)
        return ()
    if len(set(value)) != len(value):
        problem(f"'{key}' lists an entry twice", key)
    return tuple(dict.fromkeys(value))


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def line_of(text: str, key: str | None) -> int | None:
    """The line where a key (``id``) or table (``translations.es``) is written, if found."""
    if not key:
        return None
    if "." in key:
        table = re.escape(key)
        pattern = re.compile(rf"^[ \t]*\[[ \t]*{table}[ \t]*\]", re.MULTILINE)
    else:  # [ \t], not \s: a match must not start on a blank line before the key
        pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None
