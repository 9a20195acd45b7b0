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

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

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
    """The compiled catalog of ``language``; English (the source) if it has none."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
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
        log.warning("no compiled catalog for %s (run `make catalogs`); showing English", language)
        return gettext.NullTranslations()


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


def native_name(language: str) -> str:
    """The language's name in itself, as its speakers would read it on a button."""
    name = babel_locale(language).get_display_name(babel_locale(language)) or language
    return name[:1].upper() + name[1:]


def is_right_to_left(language: str) -> bool:
    return babel_locale(language).text_direction == "rtl"
