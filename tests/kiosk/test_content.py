"""The shipped content pack: it loads, matches its manifest, and falls back where it says so."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from kiosk.packs.authoring import write_manifest
from kiosk.packs.files import list_files
from kiosk.packs.load import default_pack_root, inspect_embedded, load_pack
from kiosk.packs.manifest import build_manifest
from kiosk.packs.problems import PackRefusedError

CONTENT = Path(__file__).resolve().parents[2] / "resources" / "content"


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(str(default_pack_root()), copy)
    return copy


def test_manifest_is_up_to_date_with_the_files() -> None:
    """Fails after any content edit until `make pack-manifest` is run."""
    files, problems = list_files(CONTENT)
    assert problems == []
    shipped = json.loads((CONTENT / "manifest.json").read_text("utf-8"))
    pack_toml = load_pack(CONTENT, require_manifest=False)
    expected = json.loads(build_manifest(pack_toml.id, pack_toml.version, files))
    assert shipped == expected, "resources/content changed: run `make pack-manifest`"


def test_shipped_pack_passes_every_check() -> None:
    inspection = inspect_embedded()
    assert [str(problem) for problem in inspection.problems] == []


def test_default_pack_has_english_and_spanish_for_every_topic() -> None:
    pack = load_pack()
    assert {"en", "es"} <= set(pack.languages)
    assert len(pack.topics) >= 3
    for topic in pack.topics:
        for language in ("en", "es"):
            page = pack.page(topic, language)
            assert page.language == language
            assert page.title
            assert "Source:" in page.markdown or "Fuente:" in page.markdown


def test_spanish_is_marked_draft_until_reviewed() -> None:
    pack = load_pack()
    assert pack.is_draft("es")
    assert not pack.is_draft("en")
    assert pack.page(pack.topics[0], "es").draft


def test_hiding_drafts_leaves_only_reviewed_languages() -> None:
    pack = load_pack().without_drafts()
    assert "es" not in pack.languages
    assert "en" in pack.languages
    assert pack.page(pack.topics[0], "es").language == "en"


def write_small_pack(root: Path, missing: dict[str, list[str]]) -> Path:
    """A pack written from scratch: three topics in English and in each language of
    ``missing`` (all drafts), but for the topics listed there."""
    topics = ["rights-at-work", "report-safely", "emergency-and-health"]
    languages = ["en", *missing]
    toml = [
        'id = "small"',
        'version = "1.0"',
        'default_language = "en"',
        f"languages = {json.dumps(languages)}",
        f"topics = {json.dumps(topics)}",
    ]
    for language, lacking in missing.items():
        toml += [
            f"[translations.{language}]",
            'status = "draft"',
            f"missing = {json.dumps(lacking)}",
        ]
    root.mkdir()
    (root / "pack.toml").write_text("\n".join(toml) + "\n", "utf-8")
    (root / "contacts.toml").write_text(
        '[[contact]]\nid = "emergency"\nphone = "911"\n'
        'source = "https://www.ecomm911.ca"\nverified_on = "2026-11-21"\n'
        'verified_how = "official page"\npage_date = "2026-11-21"\n'
        '[contact.name]\nen = "Emergency"\n[contact.description]\nen = "Police, fire"\n',
        "utf-8",
    )
    for topic in topics:
        (root / "topics" / topic).mkdir(parents=True)
        for language in languages:
            if topic not in missing.get(language, []):
                page = root / "topics" / topic / f"{language}.md"
                page.write_text(f"# {topic} ({language})\n\nText.\n", "utf-8")
    write_manifest(root)
    return root


def test_declared_missing_translation_falls_back_and_says_so(pack_copy: Path) -> None:
    (pack_copy / "topics" / "report-safely" / "es.md").unlink()
    toml = pack_copy / "pack.toml"
    text = toml.read_text("utf-8")
    assert "\n[translations.es]\n" in text
    text = text.replace(
        "\n[translations.es]\n", '\n[translations.es]\nmissing = ["report-safely"]\n'
    )
    toml.write_text(text, encoding="utf-8")
    write_manifest(pack_copy)
    page = load_pack(pack_copy).page("report-safely", "es")
    assert (page.language, page.requested_language, page.is_fallback) == ("en", "es", True)


def test_chinese_falls_back_to_the_other_script_first(tmp_path: Path) -> None:
    pack = load_pack(
        write_small_pack(
            tmp_path / "small",
            {
                "zh-Hans": ["report-safely"],
                "zh-Hant": ["rights-at-work", "report-safely", "emergency-and-health"],
            },
        )
    )
    assert pack.fallback_chain("zh-Hant") == ("zh-Hant", "zh-Hans", "en")
    assert pack.page("rights-at-work", "zh-Hant").language == "zh-Hans"
    assert pack.page("report-safely", "zh-Hant").language == "en"
    assert pack.page("report-safely", "zh-Hans").language == "en"


def test_edited_pack_without_a_fresh_manifest_is_refused(pack_copy: Path) -> None:
    page = pack_copy / "topics" / "rights-at-work" / "es.md"
    page.write_text(page.read_text("utf-8") + "\nMás.\n", "utf-8")
    with pytest.raises(PackRefusedError, match=r"topics/rights-at-work/es\.md: differs"):
        load_pack(pack_copy)
    assert load_pack(pack_copy, require_manifest=False).id == "bc-orientation"


def test_contacts_have_sources_dates_and_age() -> None:
    pack = load_pack()
    assert pack.contacts
    for contact in pack.contacts:
        assert contact.source.startswith("https://")
        assert contact.verified_on <= date.today()
        assert pack.contact_name(contact, "es")
    newest = max(contact.verified_on for contact in pack.contacts)
    # Nobody has called these numbers yet: each was read on its page, and each is listed for
    # a call however recently the page was read.
    for contact in pack.contacts:
        assert contact.verified_how == "official page"
        assert contact.called_on is None and contact.age_days(newest) is None
        assert contact.page_date is not None and contact.page_date <= contact.verified_on
    assert len(pack.stale_contacts(newest, 180)) == len(pack.contacts)
    mosaic = next(contact for contact in pack.contacts if contact.id == "mosaic-migrant-workers")
    assert "call it before the next print run" in mosaic.doubt.lower()
