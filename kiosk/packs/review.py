"""Translation review through PO files: export a language, import it back, record its reviewer.

Why PO files: translators and reviewers already work in PO editors (Poedit, Weblate, Lokalize),
which show the English paragraph beside its translation, mark unreviewed ones "fuzzy" and, for
a changed English paragraph, show the previous English text. The conversion between Markdown
and PO is mdpo's (md2po / po2md, built on the md4c parser the kiosk's own page view uses), not
ours: one entry per paragraph, heading or list item, with its inline Markdown (bold numbers,
links) kept in the text. mdpo writes every ordered-list item as ``1.``, which renders the same
numbers (1, 2, 3) and which the pack's checks accept; that is the one normalisation a page
goes through on import.

Why a review record in the pack (``reviews/<language>.po``): "this paragraph is reviewed" is a
fact about one English paragraph and one translation of it, so it must survive the English
changing elsewhere. The record is the last imported PO: for every topic, the English paragraphs
as they were, each translation, and whether it was still fuzzy. The next export pairs the
English of then with the English of now (a diff by paragraph): an unchanged paragraph keeps its
review, a changed one is exported fuzzy with its previous English, a new one untranslated. So
a changed English paragraph marks exactly that paragraph's translation as needing review, and a
language is marked reviewed only when none needs it. The record travels with the pack and is
covered by its manifest and signature, so a pack's "reviewed" can be checked against it.

The entries carry their topic as ``msgctxt``, so the same English sentence in two topics is two
entries, each reviewed in its own page; within one page mdpo makes one entry of a repeated
paragraph, so it has one translation there.

Authoring only: mdpo and polib are imported here and by no module a kiosk runs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import polib
import tomlkit
from mdpo.md2po import markdown_to_pofile
from mdpo.po2md import pofile_to_markdown

from kiosk.packs.authoring import write_manifest
from kiosk.packs.files import PACK_TOML
from kiosk.packs.meta import PackMeta, read_pack_meta
from kiosk.packs.problems import PackRefusedError, Problem

REVIEWS = "reviews"
FUZZY = "fuzzy"


@dataclass(frozen=True)
class Paragraph:
    """One English paragraph of a topic and its translation, as a PO entry carries them."""

    topic: str
    english: str
    translation: str
    reviewed: bool
    previous_english: str | None = None  # the English it was translated from, when changed

    @property
    def state(self) -> str:
        if not self.translation:
            return "untranslated"
        return "reviewed" if self.reviewed else "needs review"


def review_path(root: Path, language: str) -> Path:
    """Where the pack keeps a language's review record."""
    return root / REVIEWS / f"{language}.po"


def paragraphs_of(markdown: str) -> list[str]:
    """A page's paragraphs, headings and list items, as mdpo extracts them (one per entry)."""
    return [str(entry.msgid) for entry in markdown_to_pofile(markdown, wrapwidth=0)]


def review_state(root: Path, language: str) -> list[Paragraph]:
    """Every English paragraph of the pack with the language's translation and its review.

    Raises PackRefusedError when pack.toml is broken, ``language`` is not a translation of the
    pack, or a page's paragraphs cannot be paired with the English they were made from.
    """
    meta = _meta(root, language)
    recorded = _recorded(root, language)
    paragraphs: list[Paragraph] = []
    problems: list[Problem] = []
    for topic in meta.topics:
        english = paragraphs_of(_read(root / "topics" / topic / f"{meta.source_language}.md"))
        page = root / "topics" / topic / f"{language}.md"
        translated = paragraphs_of(_read(page)) if page.exists() else []
        before = recorded.get(topic)
        base = [str(entry.msgid) for entry in before] if before else english
        if translated and len(translated) != len(base):
            problems.append(
                Problem(
                    f"topics/{topic}/{language}.md",
                    f"{len(translated)} paragraphs where the English it was made from has "
                    f"{len(base)}: make them match, paragraph for paragraph",
                )
            )
            continue
        paragraphs.extend(_pair(topic, base, english, translated, before))
    if problems:
        raise PackRefusedError(problems, source=str(root))
    return paragraphs


def _pair(
    topic: str,
    base: list[str],
    english: list[str],
    translated: list[str],
    recorded: list[Any] | None,
) -> Iterable[Paragraph]:
    """Pair today's English with the translations of the English they were made from."""

    def translation(index: int) -> str:
        if not translated:
            return ""
        if recorded is not None and not recorded[index].msgstr:
            return ""  # imported untranslated: po2md wrote the English in its place
        return translated[index]

    def reviewed(index: int) -> bool:
        if recorded is None or not translated:
            return False  # never reviewed through a PO file: a draft
        entry = recorded[index]
        return FUZZY not in entry.flags and bool(entry.msgstr) and entry.msgstr == translated[index]

    matcher = SequenceMatcher(a=base, b=english, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(j2 - j1):
                index = i1 + offset
                yield Paragraph(topic, english[j1 + offset], translation(index), reviewed(index))
        elif tag in ("replace", "insert"):
            for offset in range(j2 - j1):
                index = i1 + offset
                if index < i2:
                    yield Paragraph(
                        topic, english[j1 + offset], translation(index), False, base[index]
                    )
                else:
                    yield Paragraph(topic, english[j1 + offset], "", False)


def export_po(root: Path, language: str, out: Path) -> list[Paragraph]:
    """Write ``out``: one entry per English paragraph, unreviewed translations marked fuzzy."""
    meta = _meta(root, language)
    paragraphs = review_state(root, language)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{meta.id} {meta.version}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for paragraph in paragraphs:
        entry = polib.POEntry(
            msgctxt=paragraph.topic,
            msgid=paragraph.english,
            msgstr=paragraph.translation,
            occurrences=[(f"topics/{paragraph.topic}/{meta.source_language}.md", "")],
        )
        if paragraph.translation and not paragraph.reviewed:
            entry.flags.append(FUZZY)
        if paragraph.previous_english is not None:
            entry.previous_msgctxt = paragraph.topic
            entry.previous_msgid = paragraph.previous_english
        po.append(entry)
    po.save(str(out))
    return paragraphs


def stale_review(root: Path, language: str, paragraphs: list[Paragraph]) -> str | None:
    """A warning when pack.toml says "reviewed" but a paragraph needs review again.

    That happens when the English changes after ``mark-reviewed``; the next import makes the
    language a draft until it is reviewed again.
    """
    translation = _meta(root, language).translations[language]
    pending = sum(1 for paragraph in paragraphs if not paragraph.reviewed)
    if translation.status != "reviewed" or not pending:
        return None
    return (
        f"{language}: pack.toml says reviewed by {translation.reviewed_by} on "
        f"{translation.reviewed_on}, but {pending} paragraph"
        f"{'s need' if pending != 1 else ' needs'} review since the English changed; "
        "import the reviewed PO and mark-reviewed again"
    )


def import_po(root: Path, language: str, source: Path) -> list[Paragraph]:
    """Write the language's pages from a PO file, record its review, refresh the manifest.

    Refuses, with one problem per entry, a PO made from English that has changed since: its
    translations would be filed under paragraphs that no longer exist.
    """
    meta = _meta(root, language)
    po = polib.pofile(str(source), wrapwidth=0)
    missing = set(meta.translations[language].missing)
    english = {
        topic: paragraphs_of(_read(root / "topics" / topic / f"{meta.source_language}.md"))
        for topic in meta.topics
    }
    entries = _check_entries(source, po, english)
    record = polib.POFile(wrapwidth=0)
    record.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    for topic in meta.topics:
        ordered = [entries[(topic, msgid)] for msgid in english[topic]]
        page = root / "topics" / topic / f"{language}.md"
        if not any(entry.msgstr for entry in ordered) and not page.exists():
            written: list[str] = []  # a topic knowingly not translated stays so
        else:
            source_page = root / "topics" / topic / f"{meta.source_language}.md"
            page.write_text(_markdown(_read(source_page), ordered), "utf-8")
            written = paragraphs_of(_read(page))
            missing.discard(topic)
        for index, entry in enumerate(ordered):
            kept = written[index] if entry.msgstr and len(written) == len(ordered) else ""
            flags = [FUZZY] if FUZZY in entry.flags or not kept else []
            record.append(polib.POEntry(msgctxt=topic, msgid=entry.msgid, msgstr=kept, flags=flags))
    path = review_path(root, language)
    path.parent.mkdir(exist_ok=True)
    record.save(str(path))
    paragraphs = review_state(root, language)
    _update_translation(root, language, missing, all(p.reviewed for p in paragraphs))
    write_manifest(root)
    return paragraphs


def _update_translation(root: Path, language: str, missing: set[str], reviewed: bool) -> None:
    """Keep pack.toml true after an import: topics now translated are no longer "missing", and
    a reviewed language with a paragraph that needs review again is a draft until the next
    ``mark-reviewed``, so the kiosk never shows "reviewed" over unreviewed text."""
    path = root / PACK_TOML
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    table: Any = document["translations"][language]
    changed = False
    if "missing" in table and set(table["missing"]) != missing:
        if missing:
            table["missing"] = [topic for topic in table["missing"] if topic in missing]
        else:
            del table["missing"]
        changed = True
    if table.get("status") == "reviewed" and not reviewed:
        draft = tomlkit.table()
        draft["status"] = "draft"
        if "missing" in table:
            draft["missing"] = table["missing"]
        document["translations"][language] = draft
        changed = True
    if changed:
        path.write_text(tomlkit.dumps(document), encoding="utf-8")


def _check_entries(
    source: Path, po: Any, english: dict[str, list[str]]
) -> dict[tuple[str, str], Any]:
    problems: list[Problem] = []
    entries: dict[tuple[str, str], Any] = {}
    for entry in po:
        if entry.obsolete:
            continue
        topic = entry.msgctxt or ""
        if topic not in english:
            problems.append(
                Problem(str(source), f"unknown topic {topic!r} (msgctxt)", entry.linenum)
            )
        elif entry.msgid not in english[topic]:
            problems.append(
                Problem(
                    str(source),
                    f"{topic}: English paragraph no longer in topics/{topic}/en.md "
                    f"({_short(entry.msgid)}); export a new PO and carry the translation over",
                    entry.linenum,
                )
            )
        else:
            entries[(topic, entry.msgid)] = entry
    for topic, paragraphs in english.items():
        for msgid in paragraphs:
            if (topic, msgid) not in entries:
                problems.append(
                    Problem(
                        str(source),
                        f"{topic}: no entry for the English paragraph ({_short(msgid)}); "
                        "export a new PO",
                    )
                )
    if problems:
        raise PackRefusedError(problems, source=str(source))
    return entries


def _markdown(english_page: str, entries: list[Any]) -> str:
    """po2md of the English page with these translations (fuzzy or not: the page is a draft)."""
    po = polib.POFile(wrapwidth=0)
    for entry in entries:
        po.append(polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr))
    with tempfile.TemporaryDirectory(prefix="pack-po-") as scratch:
        path = Path(scratch) / "page.po"
        po.save(str(path))
        return str(pofile_to_markdown(english_page, str(path), wrapwidth=0))


def mark_reviewed(root: Path, language: str, by: str, on: date) -> int:
    """Record ``by`` and ``on`` as the language's review; returns the number of paragraphs.

    Refuses while any paragraph is fuzzy or untranslated, so "reviewed" in pack.toml always
    means every paragraph of every page was reviewed against today's English.
    """
    if not by.strip():
        raise PackRefusedError([Problem(PACK_TOML, "the reviewer's name is empty")])
    paragraphs = review_state(root, language)
    pending = [paragraph for paragraph in paragraphs if not paragraph.reviewed]
    if pending:
        untranslated = sum(1 for paragraph in pending if not paragraph.translation)
        raise PackRefusedError(
            [
                Problem(
                    str(review_path(root, language).relative_to(root)),
                    f"{language}: {len(pending)} of {len(paragraphs)} paragraphs still need "
                    f"review ({len(pending) - untranslated} fuzzy, {untranslated} untranslated); "
                    "nothing recorded",
                )
            ],
            source=str(root),
        )
    path = root / PACK_TOML
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    table = tomlkit.table()
    table["status"] = "reviewed"
    table["reviewed_by"] = by.strip()
    table["reviewed_on"] = on
    old = document["translations"][language]
    if old.get("missing"):
        table["missing"] = old["missing"]
    document["translations"][language] = table
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    write_manifest(root)
    return len(paragraphs)


def _meta(root: Path, language: str) -> PackMeta:
    meta, problems = read_pack_meta(_read(root / PACK_TOML))
    if problems:
        raise PackRefusedError(problems, source=str(root))
    if language not in meta.translations:
        raise PackRefusedError(
            [Problem(PACK_TOML, f"{language!r} is not one of the pack's translations")],
            source=str(root),
        )
    return meta


def _recorded(root: Path, language: str) -> dict[str, list[Any]]:
    path = review_path(root, language)
    if not path.exists():
        return {}
    by_topic: dict[str, list[Any]] = {}
    for entry in polib.pofile(str(path), wrapwidth=0):
        if not entry.obsolete:
            by_topic.setdefault(entry.msgctxt or "", []).append(entry)
    return by_topic


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").removeprefix("\ufeff")


def _short(text: str, width: int = 50) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
