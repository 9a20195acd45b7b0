"""Root fixtures: offscreen Qt, one QApplication for the session, a kiosk on a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display. The offscreen plugin's own screen is
# 800 x 800; windows of 1280 x 800 and 1366 x 768 must lie on the screen, or Qt finds no widget
# under a point beyond it (QScroller replays a delayed press to the widget it finds there).
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).with_name('screen.json')}"
# Tests must not read the settings of whoever runs them.
for _name in [name for name in os.environ if name.startswith("OUTREACH_KIOSK_")]:
    del os.environ[_name]

from kiosk.config import Settings  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings on a fresh data folder."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def kiosk_app(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's session QApplication, dressed with the kiosk's fonts and style."""
    from ui.common.startup import prepare_application

    return prepare_application()


@pytest.fixture
def kiosk(kiosk_app, qtbot, settings: Settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A kiosk window on a fresh data folder, closed (and its writes flushed) after the test."""
    from ui.kiosk.app import Kiosk

    running = Kiosk(settings)
    qtbot.addWidget(running.window)
    running.window.resize(1280, 800)
    running.window.show()
    with qtbot.waitSignal(running.ready, timeout=30_000):
        running.open_storage()
    yield running
    running.close()
