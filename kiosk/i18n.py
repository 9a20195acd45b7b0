"""Interface translations and locale facts, without Qt and without touching builtins.

Exports ``_``, ``N_`` and ``ngettext`` bound to the active language. The kiosk switches language
per visit, so the active catalog is a module-level choice made by :func:`activate`, read only on
the UI thread.
"""

from __future__ import annotations

import gettext
import io
import logging
from functools import cache
from importlib import resources

from babel import Locale
from babel.core import get_global

from kiosk.language_table import LANGUAGES, NAME_OVERRIDES, RIGHT_TO_LEFT_SCRIPTS

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

# Where a missing translation (interface or content) looks next, before English.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "zh-Hant": ("zh-Hans",),
    "zh-Hans": ("zh-Hant",),
}

# Offered by "my language is not here": languages workers arriving in British Columbia speak
# that the shipped pack does not (yet) have. A choice is counted, anonymously, to decide which
# languages to add next.
REQUESTABLE_LANGUAGES = (
    "hi",  # Hindi
    "ur",  # Urdu
    "ne",  # Nepali
    "gu",  # Gujarati
    "bn",  # Bangla
    "ta",  # Tamil
    "ml",  # Malayalam
    "si",  # Sinhala
    "ceb",  # Cebuano
    "id",  # Indonesian
    "km",  # Khmer
    "my",  # Burmese
    "ja",  # Japanese
    "yue",  # Cantonese
    "fa",  # Persian
    "ru",  # Russian
    "uk",  # Ukrainian
    "pt",  # Portuguese
    "ht",  # Haitian Creole
    "quc",  # K'iche' (Guatemala)
    "am",  # Amharic
    "ti",  # Tigrinya
    "sw",  # Swahili
)

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = SOURCE_LANGUAGE


def babel_locale(language: str) -> Locale:
    """The babel Locale for a pack language code such as ``zh-Hant``."""
    return Locale.parse(language.replace("-", "_"))


def catalog_name(language: str) -> str:
    """The folder name of a language's catalog: ``zh-Hant`` -> ``zh_Hant``."""
    return language.replace("-", "_")


@cache
def translations_for(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``, falling back along FALLBACKS, then to English (the source)."""
    chain = [language, *FALLBACKS.get(language, ())]
    result: gettext.NullTranslations | None = None
    for code in chain:
        catalog = _catalog(code)
        if catalog is None:
            continue
        if result is None:
            result = catalog
        else:
            result.add_fallback(catalog)
    return result or gettext.NullTranslations()


def _catalog(language: str) -> gettext.NullTranslations | None:
    if language == SOURCE_LANGUAGE:
        return None
    mo = (
        resources.files("kiosk.resources")
        / "translations"
        / catalog_name(language)
        / "LC_MESSAGES"
        / f"{DOMAIN}.mo"
    )
    try:
        return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    except FileNotFoundError:
        log.warning("no compiled catalog for %s (run `make catalogs`)", language)
        return None


def activate(language: str) -> None:
    """Make ``language`` the language of every later ``_()`` call."""
    global _active, _active_language
    _active = translations_for(language)
    _active_language = language


def active_language() -> str:
    return _active_language


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction; translate it later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def gettext_in(language: str, message: str) -> str:
    """Translate ``message`` into a given language without changing the active one."""
    return translations_for(language).gettext(message)


@cache
def native_name(language: str) -> str:
    """The language's name in itself, as its speakers would read it on a button."""
    if language in LANGUAGES:
        return LANGUAGES[language][0]
    return babel_native_name(language)


def babel_native_name(language: str) -> str:
    """The name babel's CLDR data gives (slow: loads the language's locale data)."""
    if language in NAME_OVERRIDES:
        return NAME_OVERRIDES[language]
    name = babel_locale(language).get_display_name(babel_locale(language)) or language
    if script_of(language) in ("Latn", "Cyrl", "Grek"):  # CLDR writes some in lower case
        name = name[:1].upper() + name[1:]
    return name


@cache
def script_of(language: str) -> str:
    """The ISO 15924 script of a language: ``pa`` -> ``Guru``, ``zh-Hant`` -> ``Hant``."""
    if language in LANGUAGES:
        return LANGUAGES[language][1]
    if "-" in language:
        return language.split("-", 1)[1]
    likely = str(get_global("likely_subtags").get(language, ""))
    for part in likely.split("_")[1:]:
        if len(part) == 4 and part.istitle():
            return part
    return "Latn"


@cache
def is_right_to_left(language: str) -> bool:
    if language in LANGUAGES:
        return script_of(language) in RIGHT_TO_LEFT_SCRIPTS
    return babel_locale(language).text_direction == "rtl"
