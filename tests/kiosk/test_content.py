"""Content packs: the shipped pack loads; fallbacks are marked; broken packs name the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import default_pack_root, load_pack
from kiosk.errors import ContentError


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    with_files = tmp_path / "pack"
    shutil.copytree(str(default_pack_root()), with_files)
    return with_files


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
    assert load_pack().is_draft("es")


def test_missing_translation_falls_back_and_says_so(pack_copy: Path) -> None:
    (pack_copy / "topics" / "report-safely" / "es.md").unlink()
    pack = load_pack(pack_copy)
    page = pack.page("report-safely", "es")
    assert (page.language, page.requested_language, page.is_fallback) == ("en", "es", True)


def test_chinese_falls_back_to_the_other_script_first(pack_copy: Path) -> None:
    assert load_pack(pack_copy).fallback_chain("zh-Hant") == ("zh-Hant", "zh-Hans", "en")


def test_missing_default_language_page_names_the_file(pack_copy: Path) -> None:
    (pack_copy / "topics" / "rights-at-work" / "en.md").unlink()
    with pytest.raises(ContentError, match=r"topics/rights-at-work/en\.md"):
        load_pack(pack_copy)


def test_page_without_title_names_file_and_line(pack_copy: Path) -> None:
    (pack_copy / "topics" / "rights-at-work" / "es.md").write_text("Sin título\n", "utf-8")
    with pytest.raises(ContentError, match=r"topics/rights-at-work/es\.md:1"):
        load_pack(pack_copy)


def test_broken_pack_toml_names_the_file(pack_copy: Path) -> None:
    (pack_copy / "pack.toml").write_text("id = \n", "utf-8")
    with pytest.raises(ContentError, match=r"pack\.toml"):
        load_pack(pack_copy)
