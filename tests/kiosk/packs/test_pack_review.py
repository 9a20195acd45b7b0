"""A reviewer's round trip through PO files, run as translators type it, on real pack files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import polib
import pytest

from kiosk.packs.authoring import write_manifest
from kiosk.packs.problems import PackRefusedError
from kiosk.packs.review import export_po, import_po, mark_reviewed, paragraphs_of, review_state
from kiosk.packs.validate import inspect_pack

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")
# This checkout's pack, not the installed one: the review must round-trip the pages as written.
CONTENT = Path(__file__).resolve().parents[3] / "resources" / "content"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(CONTENT, copy)
    (copy / "manifest.sig").unlink(missing_ok=True)
    shutil.rmtree(copy / "reviews", ignore_errors=True)
    write_manifest(copy)
    return copy


def run(*args: str, home: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_KIOSK_")
    }
    environment.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "share"))
    if path is not None:
        environment["PYTHONPATH"] = path
    return subprocess.run(
        [str(EXECUTABLE), *args], capture_output=True, text=True, env=environment, timeout=120
    )


def without_list_numbers(markdown: str) -> str:
    """The one normalisation po2md makes: every ordered-list item is written '1.'."""
    lines = []
    for line in markdown.splitlines():
        head, dot, rest = line.partition(". ")
        lines.append(f"1.{dot[1:]}{rest}" if dot and head.isdigit() else line)
    return "\n".join(lines)


META = tomllib.loads((CONTENT / "pack.toml").read_text("utf-8"))
TRANSLATIONS = sorted(META["translations"])


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_an_untouched_export_imports_to_the_same_pages(
    pack: Path, tmp_path: Path, language: str
) -> None:
    po = tmp_path / f"{language}.po"
    export_po(pack, language, po)
    before = {page: page.read_text("utf-8") for page in pack.glob(f"topics/*/{language}.md")}
    assert len(before) == len(META["topics"])
    import_po(pack, language, po)
    for page, text in before.items():
        after = page.read_text("utf-8")
        assert without_list_numbers(after) == without_list_numbers(text), page
        assert paragraphs_of(after) == paragraphs_of(text), page


def test_a_reviewers_round_trip(pack: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "fr.po"
    result = run("pack", "export-po", str(pack), "fr", "--out", str(po_file), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    po = polib.pofile(str(po_file))
    total = len(po)
    assert total > 100
    # A draft: every translation is there, none reviewed yet.
    assert [entry for entry in po if "fuzzy" not in entry.flags] == []
    assert result.stdout.strip() == (
        f"{po_file}: fr, {total} paragraphs: 0 reviewed, {total} need review (fuzzy), "
        "0 untranslated"
    )

    # The reviewer corrects one paragraph and reviews all but one other.
    edited = next(entry for entry in po if entry.msgid.startswith("Write down your hours every"))
    edited.msgstr = "Notez vos heures chaque jour. Gardez tous vos relevés de paie."
    left = next(entry for entry in po if entry.msgid.startswith("Keep your own passport"))
    for entry in po:
        if entry is not left:
            entry.flags.remove("fuzzy")
    po.save()

    result = run("pack", "import-po", str(pack), "fr", str(po_file), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"fr: {total} paragraphs: {total - 1} reviewed, 1 need review" in result.stdout
    page = (pack / "topics" / "pay-and-hours" / "fr.md").read_text("utf-8")
    assert "- Notez vos heures chaque jour. Gardez tous vos relevés de paie.\n" in page

    result = run("pack", "mark-reviewed", str(pack), "fr", "--by", "Marie Tremblay", home=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        f"reviews/fr.po: fr: 1 of {total} paragraphs still need review (1 fuzzy, "
        "0 untranslated); nothing recorded"
    )
    meta = tomllib.loads((pack / "pack.toml").read_text("utf-8"))
    assert meta["translations"]["fr"] == {"status": "draft"}

    left.flags.remove("fuzzy")
    po.save()
    assert run("pack", "import-po", str(pack), "fr", str(po_file), home=tmp_path).returncode == 0
    result = run(
        "pack", "mark-reviewed", str(pack), "fr", "--by", "Marie Tremblay", "--on",
        "2026-12-07", home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == (
        f"{pack}: fr reviewed by Marie Tremblay on 2026-12-07 ({total} paragraphs)"
    )
    text = (pack / "pack.toml").read_text("utf-8")
    meta = tomllib.loads(text)
    assert meta["translations"]["fr"]["status"] == "reviewed"
    assert meta["translations"]["fr"]["reviewed_by"] == "Marie Tremblay"
    assert str(meta["translations"]["fr"]["reviewed_on"]) == "2026-12-07"
    assert meta["translations"]["es"] == {"status": "draft"}  # the others stay drafts
    assert "# not yet reviewed" in text  # their comments are kept

    result = run("pack", "validate", str(pack), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    from kiosk.packs.load import load_pack

    loaded = load_pack(pack)
    assert loaded.translations["fr"].status == "reviewed"
    assert loaded.translations["fr"].reviewed_by == "Marie Tremblay"
    assert loaded.translations["es"].status == "draft"


def review_everything(pack: Path, language: str, po_file: Path) -> None:
    export_po(pack, language, po_file)
    po = polib.pofile(str(po_file))
    for entry in po:
        entry.flags = []
    po.save()
    import_po(pack, language, po_file)


def test_a_changed_english_paragraph_needs_review_in_exactly_that_entry(
    pack: Path, tmp_path: Path
) -> None:
    po_file = tmp_path / "vi.po"
    review_everything(pack, "vi", po_file)
    assert all(paragraph.reviewed for paragraph in review_state(pack, "vi"))
    mark_reviewed(pack, "vi", "Nguyen Van An", date(2026, 12, 1))

    english = pack / "topics" / "housing" / "en.md"
    old = paragraphs_of(english.read_text("utf-8"))[2]
    new = old.rstrip(".") + ", in writing."
    english.write_text(english.read_text("utf-8").replace(old, new), "utf-8")

    result = run("pack", "export-po", str(pack), "vi", "--out", str(po_file), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == (
        "vi: pack.toml says reviewed by Nguyen Van An on 2026-12-01, but 1 paragraph needs "
        "review since the English changed; import the reviewed PO and mark-reviewed again"
    )
    po = polib.pofile(str(po_file))
    pending = [entry for entry in po if "fuzzy" in entry.flags or not entry.msgstr]
    assert [(entry.msgctxt, entry.msgid, entry.previous_msgid) for entry in pending] == [
        ("housing", new, old)
    ]
    assert pending[0].msgstr  # the old translation is offered for the reviewer to correct

    # Imported as it is, the paragraph still needs review: the language is a draft again.
    import_po(pack, "vi", po_file)
    assert translation_of(pack, "vi") == {"status": "draft"}
    pending[0].flags.remove("fuzzy")
    po.save()
    import_po(pack, "vi", po_file)
    mark_reviewed(pack, "vi", "Nguyen Van An", date(2026, 12, 8))
    assert translation_of(pack, "vi")["reviewed_on"] == date(2026, 12, 8)

    # The PO made before the change is refused, one line for each problem.
    stale = tmp_path / "stale.po"
    shutil.copy(po_file, stale)
    stale_po = polib.pofile(str(stale))
    stale_entry = next(entry for entry in stale_po if entry.msgid == new)
    stale_entry.msgid = old
    stale_po.save()
    result = run("pack", "import-po", str(pack), "vi", str(stale), home=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{stale}:")
    assert "housing: English paragraph no longer in topics/housing/en.md" in lines[0]
    assert lines[1].startswith(f"{stale}: housing: no entry for the English paragraph")
    assert result.stderr.strip() == f"{stale}: not imported; the pack is unchanged"


def translation_of(pack: Path, language: str) -> dict[str, object]:
    table: dict[str, object] = tomllib.loads((pack / "pack.toml").read_text("utf-8"))[
        "translations"
    ][language]
    return table


def test_mark_reviewed_refuses_a_draft_never_reviewed(pack: Path) -> None:
    with pytest.raises(PackRefusedError) as refused:
        mark_reviewed(pack, "th", "Somchai", date(2026, 12, 7))
    assert "paragraphs still need review" in str(refused.value.problems[0])
    assert translation_of(pack, "th") == {"status": "draft"}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("reviews/en.po", "reviews/en.po: 'en' is not one of the pack's translations"),
        ("reviews/notes.txt", "reviews/notes.txt: only <language>.po review records belong in"),
    ],
)
def test_a_pack_holds_review_records_of_its_translations_only(
    pack: Path, path: str, message: str
) -> None:
    (pack / path).parent.mkdir(exist_ok=True)
    (pack / path).write_text('msgid ""\nmsgstr ""\n', "utf-8")
    problems = [str(problem) for problem in inspect_pack(pack, require_manifest=False).problems]
    assert len(problems) == 1
    assert problems[0].startswith(message)


def test_without_the_authoring_extra_the_command_says_what_to_install(
    pack: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import sys\n"
        "from importlib.abc import MetaPathFinder\n"
        "class Absent(MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] in {'mdpo', 'md4c', 'polib'}:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Absent())\n",
        "utf-8",
    )
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    result = run("pack", "export-po", str(pack), "fr", "--out", "fr.po", home=tmp_path, path=path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "PO files need the authoring extra (polib is missing): "
        "pip install 'outreach-kiosk[authoring]'"
    )


def test_a_topic_declared_missing_comes_untranslated_and_is_listed_no_more_once_imported(
    pack: Path, tmp_path: Path
) -> None:
    (pack / "topics" / "first-days" / "th.md").unlink()
    toml = pack / "pack.toml"
    text = toml.read_text("utf-8").replace(
        '[translations.th]\nstatus = "draft"',
        '[translations.th]\nstatus = "draft"\nmissing = ["first-days"]',
    )
    toml.write_text(text, "utf-8")
    write_manifest(pack)
    po_file = tmp_path / "th.po"
    export_po(pack, "th", po_file)
    po = polib.pofile(str(po_file))
    untranslated = [entry for entry in po if not entry.msgstr]
    assert {entry.msgctxt for entry in untranslated} == {"first-days"}
    assert len(untranslated) == len(
        paragraphs_of((pack / "topics/first-days/en.md").read_text("utf-8"))
    )

    import_po(pack, "th", po_file)  # still untranslated: no page is made
    assert not (pack / "topics" / "first-days" / "th.md").exists()
    assert translation_of(pack, "th") == {"status": "draft", "missing": ["first-days"]}

    for entry in untranslated:
        entry.msgstr = f"(th) {entry.msgid}"
    po.save()
    import_po(pack, "th", po_file)
    page = (pack / "topics" / "first-days" / "th.md").read_text("utf-8")
    assert page.startswith(f"# (th) {untranslated[0].msgid}\n")
    assert translation_of(pack, "th") == {"status": "draft"}
    assert inspect_pack(pack).problems == []
