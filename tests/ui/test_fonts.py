"""No boxes: every string the kiosk can show, in every language, is drawn by a vendored font.

Each string is shaped by Qt exactly as a screen would (QTextLayout with the language's font);
a glyph index of 0 is the "missing glyph" box, and a run drawn by any font other than the ones
in resources/fonts means the kiosk depended on what the machine happens to have.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk import i18n
from kiosk.packs.load import load_pack
from ui.common import fonts
from ui.qt import QtGui

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
PACK = load_pack()
CATALOG_LANGUAGES = [
    path.parts[-3].replace("_", "-") for path in TRANSLATIONS.glob("*/LC_MESSAGES/kiosk.po")
]
LANGUAGES = sorted({*PACK.languages, *CATALOG_LANGUAGES})
FALLBACK_NOTE = "This page is not available in your language yet. It is shown in {language}."


def catalog_strings(language: str) -> list[str]:
    if language == i18n.SOURCE_LANGUAGE:
        with (TRANSLATIONS / "kiosk.pot").open("rb") as handle:
            strings: list[str] = []
            for message in read_po(handle):
                if message.id:
                    value = message.id
                    strings.extend(value if isinstance(value, tuple) else [value])
            return strings
    path = TRANSLATIONS / i18n.catalog_name(language) / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as handle:
        strings: list[str] = []
        for message in read_po(handle):
            if message.id:
                value = message.string
                strings.extend(value if isinstance(value, tuple) else [value])
        return strings


def pack_strings(language: str) -> list[str]:
    strings: list[str] = []
    if language not in PACK.languages:
        return strings
    for topic in PACK.topics:
        page = PACK.page(topic, language)
        if page.language == language:
            strings.extend([page.title, page.markdown])
    for contact in PACK.contacts:
        strings.extend(
            texts[language] for texts in (contact.names, contact.descriptions) if language in texts
        )
    note = i18n.gettext_in(language, FALLBACK_NOTE)
    strings.extend(note.format(language=i18n.native_name(other)) for other in PACK.languages)
    return strings


def missing_glyphs(text: str, language: str) -> list[str]:
    """What is wrong with drawing ``text`` in ``language``'s font, one entry per bad run."""
    problems = []
    allowed = fonts.loaded_families()
    for line_text in text.split("\n"):
        if not line_text.strip():
            continue
        layout = QtGui.QTextLayout(line_text, fonts.font_for(language))
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1_000_000)
        layout.endLayout()
        for run in layout.glyphRuns():
            family = run.rawFont().familyName()
            if 0 in run.glyphIndexes():
                problems.append(f"box in {family} drawing {line_text[:60]!r}")
            elif family not in allowed:
                problems.append(f"{family} (not vendored) drawing {line_text[:60]!r}")
    return problems


@pytest.fixture(scope="module")
def with_fonts(kiosk_app):  # type: ignore[no-untyped-def]
    fonts.load_bundled_fonts()
    fonts.load_extra_fonts()
    return kiosk_app


def test_every_script_has_a_vendored_family(with_fonts) -> None:  # type: ignore[no-untyped-def]
    assert set(fonts.SCRIPT_FAMILIES.values()) <= fonts.loaded_families()


@pytest.mark.parametrize("language", LANGUAGES)
def test_interface_and_content_strings_have_every_glyph(with_fonts, language: str) -> None:  # type: ignore[no-untyped-def]
    strings = [*catalog_strings(language), *pack_strings(language)]
    assert len(strings) > 5
    problems = [problem for text in strings for problem in missing_glyphs(text, language)]
    assert problems == []


@pytest.mark.parametrize(
    "language", [*LANGUAGES, *i18n.REQUESTABLE_LANGUAGES], ids=lambda code: code
)
def test_language_names_have_every_glyph(with_fonts, language: str) -> None:  # type: ignore[no-untyped-def]
    """The picker, the attract greeting and "my language is not here" show these names."""
    texts = [i18n.native_name(language), i18n.gettext_in(language, "Welcome")]
    assert [problem for text in texts for problem in missing_glyphs(text, language)] == []


def test_the_check_sees_a_box(with_fonts) -> None:  # type: ignore[no-untyped-def]
    """Hangul is in none of the vendored fonts: the check must notice."""
    assert missing_glyphs("한국어", "en")


def test_script_comes_first_in_the_family_list() -> None:
    assert fonts.families_for("pa")[0] == "Noto Sans Gurmukhi"
    assert fonts.families_for("ar")[0] == "Noto Sans Arabic"
    assert fonts.families_for("th")[0] == "Noto Sans Thai"
    assert fonts.families_for("zh-Hant")[0] == "Noto Sans"  # Latin and digits; Han falls back
    assert "Droid Sans Fallback" in fonts.families_for("zh-Hant")
    assert fonts.families_for("hi")[0] == "Noto Sans Devanagari"
