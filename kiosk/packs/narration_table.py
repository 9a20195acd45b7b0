"""pack.toml's ``[narration.<lang>]`` tables: which narration files a machine voice made.

Why the pack says so: a visitor must be told when a voice is a computer's (its pronunciation of
names and numbers can be wrong), a site may choose not to offer machine voices at all, and
``outreach-kiosk pack narrate`` must never overwrite a person's recording. A narration file not
listed here is a recording by a person; the author lists nothing for it.

    [narration.fr]                     # one table per language with machine narration
    machine = ["rights-at-work", ...]  # topics whose audio/<topic>/fr.* a machine voice made
    voice = "espeak-ng fr-fr"          # optional: which synthesizer and voice, for people
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

NARRATION_KEYS = ("machine", "voice")
TABLE_HEADER = re.compile(r"^[ \t]*\[[ \t]*narration\.(?P<language>[^\]\s]+)[ \t]*\]")
ANY_TABLE_HEADER = re.compile(r"^[ \t]*\[")


@dataclass(frozen=True)
class MachineNarration:
    """One language's machine-made narration: the topics it covers and the voice used."""

    language: str
    topics: tuple[str, ...]
    voice: str = ""


def read_narration(
    data: Mapping[str, Any],
    languages: Sequence[str],
    topics: Sequence[str],
    problem: Callable[[str, str], None],
) -> dict[str, MachineNarration]:
    """The ``[narration]`` tables of parsed pack.toml ``data``.

    Each problem goes to ``problem(message, table)``, ``table`` naming where it is written
    (``narration`` or ``narration.fr``) so the caller can find its line.
    """
    table = data.get("narration", {})
    if not isinstance(table, dict):
        problem("[narration] must be a table of languages", "narration")
        return {}
    found: dict[str, MachineNarration] = {}
    for language, entry in table.items():
        where = f"narration.{language}"
        if language not in languages:
            problem(f"{where}: not one of the pack's languages", where)
            continue
        if not isinstance(entry, dict):
            problem(f"{where}: must be a table with a machine list", where)
            continue
        for key in entry:
            if key not in NARRATION_KEYS:
                problem(f"{where}: unknown key '{key}' (known: {', '.join(NARRATION_KEYS)})", where)
        machine = entry.get("machine", [])
        if not isinstance(machine, list) or not all(isinstance(item, str) for item in machine):
            problem(f"{where}: machine must be a list of topic ids", where)
            continue
        for topic in machine:
            if topic not in topics:
                problem(f"{where}: machine names {topic!r}, which is not in topics", where)
        voice = entry.get("voice", "")
        if not isinstance(voice, str):
            problem(f"{where}: voice must be a string", where)
            voice = ""
        listed = tuple(dict.fromkeys(topic for topic in machine if topic in topics))
        found[language] = MachineNarration(language, listed, voice)
    return found


def with_narration_tables(text: str, narration: Mapping[str, MachineNarration]) -> str:
    """pack.toml's ``text`` with its ``[narration.*]`` tables replaced by ``narration``.

    The rest of the file, its comments included, is kept as written: only the lines from a
    ``[narration.<lang>]`` header to the next table header are dropped, and the new tables are
    added at the end.
    """
    kept: list[str] = []
    dropping = False
    for line in text.splitlines():
        if TABLE_HEADER.match(line):
            dropping = True
        elif ANY_TABLE_HEADER.match(line):
            dropping = False
        if not dropping:
            kept.append(line)
    body = "\n".join(kept).rstrip("\n")
    for language in sorted(narration):
        entry = narration[language]
        if not entry.topics:
            continue
        topics = "".join(f'    "{topic}",\n' for topic in entry.topics)
        body += f"\n\n[narration.{language}]\nmachine = [\n{topics}]\n"
        if entry.voice:
            body += f"voice = {json.dumps(entry.voice, ensure_ascii=False)}\n"
        body = body.rstrip("\n")
    return body + "\n"
