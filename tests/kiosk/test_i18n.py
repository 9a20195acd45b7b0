"""Interface catalogs are complete and clean; language names come from babel, in themselves."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk import i18n

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
CATALOGS = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/kiosk.po"))


def singular(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def template_ids() -> set[str]:
    with (TRANSLATIONS / "kiosk.pot").open("rb") as handle:
        return {singular(message.id) for message in read_po(handle) if message.id}


def test_spanish_catalog_is_shipped() -> None:
    assert "es" in [path.parts[-3] for path in CATALOGS]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_catalog_is_complete(catalog: Path) -> None:
    with catalog.open("rb") as handle:
        messages = {singular(message.id): message for message in read_po(handle) if message.id}
    missing = template_ids() - messages.keys()
    untranslated = [
        key
        for key, message in messages.items()
        if not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    fuzzy = [key for key, message in messages.items() if message.fuzzy]
    assert (missing, untranslated, fuzzy) == (set(), [], [])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs msgfmt from Debian's gettext")
@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_msgfmt_check_is_clean(catalog: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_template_matches_the_code() -> None:
    """Every string marked in kiosk/, ui/ and sync/ is in kiosk.pot (`make update-catalogs`)."""
    from babel.messages.extract import extract_from_dir

    root = TRANSLATIONS.parents[1]
    found = set()
    for package in ("kiosk", "ui", "sync"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            root / package, keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        ):
            found.add(message if isinstance(message, str) else message[0])
    assert found == template_ids()


def test_compiled_catalog_translates() -> None:
    assert i18n.gettext_in("es", "Done") == "Terminar"
    i18n.activate("es")
    try:
        assert i18n._("Welcome") == "Le damos la bienvenida"  # not "Bienvenido", masculine only
    finally:
        i18n.activate("en")
    assert i18n._("Welcome") == "Welcome"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("zh-Hant", "中文 (繁體)"),
        ("pa", "ਪੰਜਾਬੀ"),
        ("ar", "العربية"),
    ],
)
def test_native_names(code: str, name: str) -> None:
    assert i18n.native_name(code) == name


def test_language_table_matches_babel() -> None:
    """The fast table of native names and scripts says what babel's CLDR data says."""
    from babel import Locale
    from babel.core import get_global

    from kiosk.language_table import LANGUAGES, RIGHT_TO_LEFT_SCRIPTS

    likely = get_global("likely_subtags")
    for code, (name, script) in LANGUAGES.items():
        assert name == i18n.babel_native_name(code), code
        if "-" in code:
            expected_script = code.split("-")[1]
        else:
            expected_script = next(p for p in likely[code].split("_")[1:] if len(p) == 4)
        assert script == expected_script, code
        locale = Locale.parse(code.replace("-", "_"))
        assert (script in RIGHT_TO_LEFT_SCRIPTS) == (locale.text_direction == "rtl"), code


def test_arabic_is_right_to_left() -> None:
    assert i18n.is_right_to_left("ar")
    assert not i18n.is_right_to_left("es")
