"""``pack narrate``: draft narration for every topic in every language a machine voice speaks.

Why drafts by machine: recording a person for ten languages takes months, and a visitor who
cannot read well needs to hear the page now. Each file is listed in pack.toml as machine
narration (:mod:`kiosk.packs.narration_table`), so the kiosk says it is a computer voice and a
site can hide it; a person's recording (any audio file pack.toml does not list) is never
touched, and replaces the machine one simply by being put in its place.

A run that is stopped halfway leaves a valid state: pack.toml lists a topic before its file is
written, and each file appears whole or not at all (written beside its place, then renamed), so
the next run makes what is missing and never takes a machine file for a recording.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.durable_files import move_into_place, write_text_atomically
from kiosk.packs.authoring import write_manifest
from kiosk.packs.files import AUDIO_SUFFIXES, MANIFEST, PACK_TOML, SIGNATURE
from kiosk.packs.meta import PackMeta, read_pack_meta
from kiosk.packs.narration_table import MachineNarration, with_narration_tables
from kiosk.packs.problems import PackRefusedError, Problem
from kiosk.packs.spoken_text import spoken_text
from kiosk.packs.voices import NarrationError, Tool, find_tools, speak, voice_for, voice_name

TEMPORARY_SUFFIX = ".narrating"


@dataclass
class NarrationRun:
    """What a run made and kept, and the machine narration's size per language afterwards."""

    made: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    seconds: float = 0.0
    machine_bytes: dict[str, int] = field(default_factory=dict)
    audio_bytes: int = 0


def narrate_pack(
    root: Path,
    *,
    languages: Sequence[str] = (),
    force: bool = False,
    report: Callable[[str], None] = print,
    search_path: str | None = None,
) -> NarrationRun:
    """Make the missing machine narration of the pack folder ``root``.

    ``languages``: only these (default: every language of the pack that has a voice).
    ``force``: make machine narration again even where it exists (never a recording).
    ``search_path``: where to look for the programs (default: PATH).
    """
    meta, text = _read_meta(root)
    tools = find_tools(search_path)
    chosen = _chosen_languages(meta, languages, report)
    _remove_leftovers(root)
    narration = dict(meta.machine_narration)
    run = NarrationRun()
    with tempfile.TemporaryDirectory(prefix="pack-narrate-") as scratch:
        for language in chosen:
            for topic in meta.topics:
                page = root / "topics" / topic / f"{language}.md"
                if not page.is_file():
                    continue  # a page knowingly missing: its fallback's narration is used
                machine = narration.get(language, MachineNarration(language, ()))
                existing = _audio_files(root, topic, language)
                shown = f"audio/{topic}/{language}.ogg"
                if existing and topic not in machine.topics:
                    report(f"{_pack_path(root, existing[0])}: kept (recorded by a person)")
                    run.kept.append(_pack_path(root, existing[0]))
                    continue
                if existing and not force:
                    report(f"{_pack_path(root, existing[0])}: kept (made before; --force remakes)")
                    run.kept.append(_pack_path(root, existing[0]))
                    continue
                # Listed before it is written: a stopped run then leaves a listed, missing file
                # (made by the next run), never an unlisted machine file taken for a recording.
                topics = tuple(t for t in meta.topics if t in machine.topics or t == topic)
                narration[language] = MachineNarration(language, topics, voice_name(language))
                text = with_narration_tables(text, narration)
                write_text_atomically(root / PACK_TOML, text, mode_like=root / PACK_TOML)
                target = root / shown
                seconds = _make(page, language, target, tools, Path(scratch))
                for old in existing:
                    if old != target:
                        old.unlink()
                run.made.append(shown)
                run.seconds += seconds
                size = target.stat().st_size
                report(f"{shown}: {size:,} bytes, {_duration(seconds)}")
    _measure(root, narration, run)
    if (root / MANIFEST).exists():
        signed = (root / SIGNATURE).exists()
        write_manifest(root)
        if signed and not (root / SIGNATURE).exists():
            report("manifest.json refreshed; sign the pack again (outreach-kiosk pack sign)")
    return run


def _read_meta(root: Path) -> tuple[PackMeta, str]:
    try:
        text = (root / PACK_TOML).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackRefusedError([Problem(PACK_TOML, f"cannot be read: {exc}")], str(root)) from None
    meta, problems = read_pack_meta(text)
    if problems:
        raise PackRefusedError(problems, str(root))
    return meta, text


def _chosen_languages(
    meta: PackMeta, languages: Sequence[str], report: Callable[[str], None]
) -> list[str]:
    unknown = [language for language in languages if language not in meta.languages]
    if unknown:
        raise NarrationError(
            f"not a language of this pack: {', '.join(unknown)} "
            f"(its languages: {', '.join(meta.languages)})"
        )
    chosen = []
    for language in languages or meta.languages:
        if voice_for(language) is None:
            report(f"{language}: no machine voice speaks it; no narration made")
        else:
            chosen.append(language)
    return chosen


def _make(page: Path, language: str, target: Path, tools: dict[Tool, str], scratch: Path) -> float:
    """One file, whole or not at all: the encoder writes beside ``target``, then it is renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}{TEMPORARY_SUFFIX}")
    text = spoken_text(page.read_text(encoding="utf-8"))
    try:
        seconds = speak(text, language, temporary, tools, scratch)
        move_into_place(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return seconds


def _remove_leftovers(root: Path) -> None:
    """Half-written files of a run that was killed (no cleanup runs after SIGKILL)."""
    audio = root / "audio"
    if audio.is_dir():
        for leftover in audio.glob(f"*/.*{TEMPORARY_SUFFIX}"):
            leftover.unlink()


def _audio_files(root: Path, topic: str, language: str) -> list[Path]:
    folder = root / "audio" / topic
    candidates = (folder / f"{language}{suffix}" for suffix in AUDIO_SUFFIXES)
    return [path for path in candidates if path.is_file()]


def _pack_path(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _measure(root: Path, narration: dict[str, MachineNarration], run: NarrationRun) -> None:
    audio = root / "audio"
    files = [path for path in audio.rglob("*") if path.is_file()] if audio.is_dir() else []
    run.audio_bytes = sum(path.stat().st_size for path in files)
    for language, entry in narration.items():
        run.machine_bytes[language] = sum(
            path.stat().st_size
            for topic in entry.topics
            for path in _audio_files(root, topic, language)
        )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
