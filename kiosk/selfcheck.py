"""Checks that an installed kiosk has everything it needs, one line per check.

Why: desk staff install the kiosk on a PC with no Python and no internet. ``--self-check`` (and the
frozen bundle's smoke test in CI) proves that the content pack, the database, every catalog and
every font are really there and usable, and names the first thing that is not.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from kiosk.config import Settings
from kiosk.i18n import SOURCE_LANGUAGE, catalog_name
from kiosk.packs.load import load_pack

Check = tuple[str, Callable[[], str]]


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def check_content_pack() -> str:
    pack = load_pack()
    return (
        f"{pack.id} {pack.version}, {len(pack.topics)} topics, languages {' '.join(pack.languages)}"
    )


def check_catalogs() -> str:
    """Every pack language but the source has a compiled catalog that parses."""
    languages = [code for code in load_pack().languages if code != SOURCE_LANGUAGE]
    translations = resources.files("kiosk.resources") / "translations"
    for language in languages:
        mo = translations / catalog_name(language) / "LC_MESSAGES" / "kiosk.mo"
        try:
            gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
        except (OSError, ValueError) as exc:
            raise RuntimeError(f"catalog for {language}: {exc}") from exc
    return f"{len(languages)} compiled catalogs"


def check_fonts() -> str:
    fonts = [
        entry
        for entry in (resources.files("kiosk.resources") / "fonts").iterdir()
        if entry.name.endswith(".ttf")
    ]
    for font in fonts:
        if font.read_bytes()[:4] not in (b"\x00\x01\x00\x00", b"true"):
            raise RuntimeError(f"{font.name} is not a TrueType font")
    if not fonts:
        raise RuntimeError("no fonts shipped")
    return f"{len(fonts)} TrueType fonts"


def cards_check(settings: Settings) -> Check:
    def check_cards() -> str:
        """A card PDF renders in every language of the active pack, with its contacts (fonts,
        shaping, QR codes, numbers): the pack the kiosk prints from, installed or shipped."""
        from kiosk.cards.make import pack_card, render_pdf
        from kiosk.packs.store import PackStore

        active = PackStore.from_settings(settings).active()
        languages = active.pack.languages
        pdf = render_pdf([pack_card(language, active.pack) for language in languages])
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError("the card renderer wrote no PDF")
        return (
            f"{len(languages)} languages, {len(pdf) // 1024} KiB PDF, numbers from "
            f"{active.pack.id} {active.pack.version} ({active.origin})"
        )

    return ("cards", check_cards)


def database_check(settings: Settings) -> Check:
    def check_database() -> str:
        from kiosk.storage.database import current_revision, open_database

        database = open_database(settings.resolved_data_dir())
        try:
            return f"{database.path} at schema {current_revision(database.engine)}"
        finally:
            database.close()

    return ("database", check_database)


def core_checks(settings: Settings) -> list[Check]:
    """The checks that need no screen."""
    return [
        ("content pack", check_content_pack),
        database_check(settings),
        ("catalogs", check_catalogs),
        ("fonts", check_fonts),
        cards_check(settings),
    ]


def run_checks(checks: Iterable[Check]) -> Iterator[CheckResult]:
    """Run every check, even after a failure, so one run names every problem."""
    for name, check in checks:
        try:
            yield CheckResult(name, True, check())
        except Exception as exc:  # a self-check reports every failure; it does not crash
            yield CheckResult(name, False, f"{type(exc).__name__}: {exc}")
