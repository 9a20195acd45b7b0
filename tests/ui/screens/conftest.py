"""Fixtures for the kiosk screen tests: kiosks on fresh data folders, with real packs installed.

``world_pack`` is the shipped pack with a newer version, Arabic lacking one topic (declared
missing, so it falls back to English), one more language the shipped pack does not have, and
one English narration (a real WAV file written with the standard library, recorded as far as
the pack knows) instead of the shipped machine narration, installed the way an admin would
install a pack.
"""

from __future__ import annotations

import array
import json
import math
import re
import shutil
import sqlite3
import tomllib
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.i18n import REQUESTABLE_LANGUAGES
from kiosk.packs.authoring import write_manifest
from kiosk.packs.load import default_pack_root
from kiosk.packs.narration_table import with_narration_tables
from kiosk.packs.store import PackStore

ARABIC_PAGE = "# {title}\n\n## قسم\n\n- هذه صفحة تجريبية باللغة العربية.\n- اتصل بالرقم **911**.\n"
NEW_PAGE = "# {title}\n\n- 911\n"  # for the language world_pack adds; its text is never read
ARABIC_MISSING = "emergency-and-health"  # world_pack shows this topic in English to Arabic readers


def write_wav(path: Path, seconds: float = 0.5) -> Path:
    """A 440 Hz tone, loud enough for the recorded speaker to hear from start to end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 8000
    samples = array.array(
        "h",
        (int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(rate * seconds))),
    )
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(samples.tobytes())
    return path


def add_language(pack: Path, language: str, page: str, missing: tuple[str, ...] = ()) -> None:
    """Give ``pack`` a draft ``language`` (pages from ``page`` unless it has it already) with
    ``missing`` topics declared missing, their pages removed."""
    toml = pack / "pack.toml"
    text = toml.read_text("utf-8")
    meta = tomllib.loads(text)
    if language not in meta["languages"]:
        languages = json.dumps([*meta["languages"], language], ensure_ascii=False)
        text, count = re.subn(
            r"^languages = \[[^\]]*\]", f"languages = {languages}", text, count=1, flags=re.M
        )
        assert count == 1
        text += f'\n[translations.{language}]\nstatus = "draft"\n'
        for number, topic in enumerate(meta["topics"], 1):
            (pack / "topics" / topic / f"{language}.md").write_text(
                page.format(title=f"{number}. {topic}"), "utf-8"
            )
    header = f"[translations.{language}]\n"
    assert header in text
    text = text.replace(header, f"{header}missing = {json.dumps(list(missing))}\n", 1)
    for topic in missing:
        (pack / "topics" / topic / f"{language}.md").unlink()
    toml.write_text(text, "utf-8")


@pytest.fixture
def world_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "world-pack"
    shutil.copytree(str(default_pack_root()), pack)
    shutil.rmtree(pack / "audio", ignore_errors=True)
    toml = pack / "pack.toml"
    text, count = re.subn(
        r"^version = .*$",
        'version = "2099.1.0"',
        with_narration_tables(toml.read_text("utf-8"), {}),
        count=1,
        flags=re.M,
    )
    assert count == 1
    toml.write_text(text, "utf-8")
    shipped = tomllib.loads(text)["languages"]
    add_language(pack, "ar", ARABIC_PAGE, missing=(ARABIC_MISSING,))
    new = next(code for code in REQUESTABLE_LANGUAGES if code not in shipped)
    add_language(pack, new, NEW_PAGE)
    write_wav(pack / "audio" / "rights-at-work" / "en.wav")
    write_manifest(pack)
    return pack


@pytest.fixture
def make_kiosk(kiosk_app, qtbot, tmp_path: Path) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """make_kiosk(pack=None, **settings): a shown kiosk with storage ready; closed afterwards."""
    from kiosk.config import Settings
    from ui.kiosk.app import Kiosk

    made: list[Kiosk] = []

    def make(pack: Path | None = None, **overrides: Any) -> Kiosk:
        data = tmp_path / f"data-{len(made)}"
        if pack is not None:
            PackStore(data, allow_unsigned=True).install(pack)
            overrides.setdefault("allow_unsigned_packs", True)
        kiosk = Kiosk(Settings(data_dir=data, **overrides))
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        with qtbot.waitSignal(kiosk.ready, timeout=30_000):
            kiosk.open_storage()
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()


def event_rows(kiosk: Any, columns: str = "kind, language, topic") -> list[tuple[Any, ...]]:
    kiosk.reach.close()  # flush the writer thread; the test is over for the UI
    with sqlite3.connect(kiosk.database.path) as connection:
        return connection.execute(f"SELECT {columns} FROM reach_event ORDER BY id").fetchall()


@pytest.fixture
def rows() -> Callable[..., list[tuple[Any, ...]]]:
    """rows(kiosk): the reach events written so far, read from the SQLite file."""
    return event_rows
