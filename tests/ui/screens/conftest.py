"""Fixtures for the kiosk screen tests: kiosks on fresh data folders, with real packs installed.

``world_pack`` is the shipped pack plus an Arabic translation and an English narration (a real
WAV file written with the standard library), installed the way an admin would install a pack.
"""

from __future__ import annotations

import shutil
import sqlite3
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import default_pack_root
from kiosk.pack_authoring import write_manifest
from kiosk.pack_store import PackStore

ARABIC_PAGE = "# {title}\n\n## قسم\n\n- هذه صفحة تجريبية باللغة العربية.\n- اتصل بالرقم **911**.\n"
ARABIC_TITLES = {
    "rights-at-work": "حقوقك في العمل",
    "report-safely": "أبلغ عن مشكلة بأمان",
    "emergency-and-health": "الطوارئ والصحة",
}


def write_wav(path: Path, seconds: float = 0.5) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x10" * int(8000 * seconds))
    return path


@pytest.fixture
def world_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "world-pack"
    shutil.copytree(str(default_pack_root()), pack)
    toml = pack / "pack.toml"
    text = toml.read_text("utf-8")
    text = text.replace('languages = ["en", "es"]', 'languages = ["en", "es", "ar"]')
    text = text.replace('version = "2026.11.0"', 'version = "2099.1.0"')
    text += '\n[translations.ar]\nstatus = "draft"\nmissing = ["emergency-and-health"]\n'
    toml.write_text(text, "utf-8")
    for topic, title in ARABIC_TITLES.items():
        if topic != "emergency-and-health":
            page = pack / "topics" / topic / "ar.md"
            page.write_text(ARABIC_PAGE.format(title=title), "utf-8")
    write_wav(pack / "audio" / "rights-at-work" / "en.wav")
    write_manifest(pack)
    return pack


@pytest.fixture
def make_kiosk(kiosk_app, qtbot, tmp_path: Path) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """make_kiosk(pack=None, **settings): a shown kiosk with storage ready; closed afterwards."""
    from kiosk.config import Settings
    from ui.app import Kiosk

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
