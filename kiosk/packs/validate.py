"""Checks a whole content pack and, only when nothing is wrong, builds the Pack the kiosk shows.

One pass collects every problem (layout, sizes, encoding, manifest, signature, pack.toml,
topics, Markdown, contacts, audio) so an author fixes them all at once and a refused pack is
refused with every reason. Nothing is ever half-loaded: either the Pack or the problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

from kiosk.packs.contacts import read_contacts
from kiosk.packs.files import (
    AUDIO_PATH,
    CONTACTS_TOML,
    MANIFEST,
    PACK_TOML,
    PAGE_PATH,
    REVIEW_PATH,
    SIGNATURE,
    PackFile,
    list_files,
)
from kiosk.packs.manifest import TrustedKey, check_manifest, parse_manifest, verify_signature
from kiosk.packs.markdown import check_markdown, title_of
from kiosk.packs.meta import PackMeta, line_of, read_pack_meta
from kiosk.packs.model import Contact, Pack
from kiosk.packs.problems import Problem
from kiosk.packs.sound import sound_problem


@dataclass
class Inspection:
    """What checking a pack found: the Pack when there were no problems, and who signed it."""

    pack: Pack | None = None
    problems: list[Problem] = field(default_factory=list)
    signer: TrustedKey | None = None
    signed: bool = False

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.problems


def inspect_pack(
    root: Traversable,
    *,
    keys: Sequence[TrustedKey] = (),
    require_signature: bool = False,
    require_manifest: bool = True,
    lint: bool = True,
) -> Inspection:
    """Check everything about the pack folder ``root``.

    ``require_manifest``: manifest.json must exist and match every file. ``require_signature``:
    manifest.sig must exist and be by one of ``keys``; a signature that is present is always
    checked. ``lint=False`` skips the Markdown checks, for a pack that passed them when it was
    shipped or installed and whose files the manifest proves unchanged (a faster start).
    """
    files, problems = list_files(root)
    texts = _decode_texts(files, problems)
    inspection = Inspection(problems=problems)
    if PACK_TOML not in texts:
        if PACK_TOML not in files:
            problems.append(Problem(PACK_TOML, "missing: every pack needs one"))
        return inspection
    meta, found = read_pack_meta(texts[PACK_TOML])
    problems.extend(found)
    if require_manifest or SIGNATURE in files:
        _check_manifest_and_signature(files, texts, meta, keys, require_signature, inspection)
    pages = _check_pages(files, texts, meta, problems, lint)
    contacts: tuple[Contact, ...] = ()
    if CONTACTS_TOML in texts:
        contacts, found = read_contacts(texts[CONTACTS_TOML], meta)
        problems.extend(found)
    elif CONTACTS_TOML not in files:
        problems.append(Problem(CONTACTS_TOML, "missing: every pack needs its contacts"))
    audio = _check_audio(files, meta, problems)
    _check_review_records(files, meta, problems)
    machine_audio = _check_machine_narration(audio, meta, texts[PACK_TOML], problems)
    if not problems:
        inspection.pack = Pack(
            id=meta.id,
            version=meta.version,
            default_language=meta.default_language,
            languages=meta.languages,
            topics=meta.topics,
            translations=meta.translations,
            contacts=contacts,
            fallbacks=meta.fallbacks,
            _pages=pages,
            _audio=audio,
            _machine_audio=machine_audio,
        )
    problems.sort(key=lambda problem: (problem.file, problem.line or 0))
    return inspection


def _decode_texts(files: dict[str, PackFile], problems: list[Problem]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path, file in files.items():
        if file.is_audio or file.oversized:
            continue
        data = file.source.read_bytes()
        try:
            texts[path] = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            problems.append(
                Problem(
                    path,
                    f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                    line,
                )
            )
    return texts


def _check_manifest_and_signature(
    files: dict[str, PackFile],
    texts: dict[str, str],
    meta: PackMeta,
    keys: Sequence[TrustedKey],
    require_signature: bool,
    inspection: Inspection,
) -> None:
    problems = inspection.problems
    if MANIFEST not in files:
        problems.append(
            Problem(MANIFEST, "missing (run `outreach-kiosk pack manifest PATH` to make it)")
        )
        return
    manifest = files[MANIFEST].source.read_bytes()
    document, found = parse_manifest(manifest)
    problems.extend(found)
    if document is not None:
        problems.extend(check_manifest(document, files, meta.id, meta.version))
    if SIGNATURE in texts:
        inspection.signed = True
        signer, problem = verify_signature(manifest, texts[SIGNATURE], keys)
        inspection.signer = signer
        if problem is not None:
            problems.append(problem)
    elif require_signature and SIGNATURE not in files:
        problems.append(
            Problem(
                SIGNATURE,
                "missing: a pack from outside must be signed by a trusted key "
                "(`outreach-kiosk pack sign`); unsigned packs load only with the "
                "allow_unsigned_packs development setting",
            )
        )


def _check_pages(
    files: dict[str, PackFile],
    texts: dict[str, str],
    meta: PackMeta,
    problems: list[Problem],
    lint: bool,
) -> dict[tuple[str, str], str]:
    pages: dict[tuple[str, str], str] = {}
    for path in files:
        match = PAGE_PATH.match(path)
        if not match:
            continue
        topic, language = match["topic"], match["language"]
        if meta.topics and topic not in meta.topics:
            problems.append(Problem(path, f"unknown topic id {topic!r}: not in pack.toml topics"))
            continue
        if meta.languages and language not in meta.languages:
            problems.append(Problem(path, f"language {language!r} is not in pack.toml languages"))
            continue
        if path not in texts:
            continue  # not UTF-8: already reported
        translation = meta.translations.get(language)
        if translation is not None and topic in translation.missing:
            problems.append(
                Problem(path, f"exists, but pack.toml lists it in translations.{language}.missing")
            )
        if lint:
            problems.extend(
                Problem(path, message, line) for line, message in check_markdown(texts[path])
            )
        elif not title_of(texts[path]):
            problems.append(Problem(path, "a page must start with its title: '# Title'", 1))
        pages[(topic, language)] = texts[path]
    for topic in meta.topics:
        for language in meta.languages:
            translation = meta.translations.get(language)
            declared = translation is not None and topic in translation.missing
            path = f"topics/{topic}/{language}.md"
            if path in files or declared:
                continue
            if language == meta.default_language:
                message = "missing: every topic needs a page in the default language"
            else:
                message = (
                    f"missing translation (add the page, or list {topic!r} in "
                    f"translations.{language}.missing to show the fallback on purpose)"
                )
            problems.append(Problem(path, message))
    return pages


def _check_review_records(
    files: dict[str, PackFile], meta: PackMeta, problems: list[Problem]
) -> None:
    """A review record (kiosk.packs.review) belongs to one of the pack's translations."""
    for path in files:
        match = REVIEW_PATH.match(path)
        if match and meta.translations and match["language"] not in meta.translations:
            problems.append(
                Problem(path, f"{match['language']!r} is not one of the pack's translations")
            )


def _check_audio(
    files: dict[str, PackFile], meta: PackMeta, problems: list[Problem]
) -> dict[tuple[str, str], Traversable]:
    audio: dict[tuple[str, str], Traversable] = {}
    for path, file in files.items():
        match = AUDIO_PATH.match(path)
        if not match:
            continue
        topic, language, suffix = match["topic"], match["language"], match["suffix"]
        if topic not in meta.topics:
            problems.append(Problem(path, f"unknown topic id {topic!r}: not in pack.toml topics"))
        elif language not in meta.languages:
            problems.append(Problem(path, f"language {language!r} is not in pack.toml languages"))
        elif (topic, language) in audio:
            problems.append(Problem(path, "a second narration for the same topic and language"))
        elif file.oversized:
            continue
        elif (problem := sound_problem(file.source.read_bytes(), suffix)) is not None:
            problems.append(Problem(path, problem))
        else:
            audio[(topic, language)] = file.source
    return audio


def _check_machine_narration(
    audio: dict[tuple[str, str], Traversable],
    meta: PackMeta,
    pack_toml: str,
    problems: list[Problem],
) -> frozenset[tuple[str, str]]:
    """The narration files pack.toml says a machine voice made; each must exist."""
    machine: set[tuple[str, str]] = set()
    for language, entry in meta.machine_narration.items():
        for topic in entry.topics:
            if (topic, language) in audio:
                machine.add((topic, language))
                continue
            problems.append(
                Problem(
                    PACK_TOML,
                    f"narration.{language}: machine lists {topic!r}, but there is no "
                    f"audio/{topic}/{language}.ogg, .mp3 or .wav",
                    line_of(pack_toml, f"narration.{language}"),
                )
            )
    return frozenset(machine)
