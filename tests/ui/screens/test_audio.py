"""Narration: the control appears only for pages with an audio file, playing is counted, and the
sound really comes out of the speaker; a machine voice is named as one, a site can hide it, and
a page without any narration says so.

The narration is a real file in a real installed pack, played on a real PulseAudio server whose
speaker is recorded (tests/ui/sound_server.py): the tests hear the sound start, last as long as
the file, and stop when the visit ends.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.packs.authoring import write_manifest
from kiosk.packs.narration_table import MachineNarration, with_narration_tables
from tests.ui.screens.conftest import write_wav
from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton
MULTIMEDIA_NOISE = [
    r"qt\.multimedia",
    r"PulseAudioService",
    r"Couldn't (load|resolve)",
]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_listen_appears_only_with_narration_plays_and_is_counted(
    make_kiosk, qtbot, rows, world_pack, speaker
) -> None:  # type: ignore[no-untyped-def]
    write_wav(world_pack / "audio" / "rights-at-work" / "en.wav", seconds=1.5)
    write_manifest(world_pack)
    kiosk = make_kiosk(world_pack)
    window = kiosk.window
    page = window.topic_page
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["en"], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["report-safely"], LEFT)
    assert not page.listen_button.isVisible()
    qtbot.mouseClick(page.back_button, LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    assert page.listen_button.isVisible()
    assert page.listen_button.text() == "Listen"

    recording = speaker.record()
    qtbot.mouseClick(page.listen_button, LEFT)
    assert window.narration.playing and page.listen_button.text() == "Stop"
    qtbot.waitUntil(lambda: not window.narration.playing, timeout=10_000)  # over by itself
    heard = recording.stop()
    assert heard.loud_seconds() == pytest.approx(1.5, abs=0.25)
    assert page.listen_button.text() == "Listen"
    assert rows(kiosk) == [
        ("visit", "en", None),
        ("language_selected", "en", None),
        ("topic_viewed", "en", "report-safely"),
        ("topic_viewed", "en", "rights-at-work"),
        ("audio_played", "en", "rights-at-work"),
    ]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_hiding_the_kiosk_silences_it_at_once(make_kiosk, qtbot, world_pack, speaker) -> None:  # type: ignore[no-untyped-def]
    write_wav(world_pack / "audio" / "rights-at-work" / "en.wav", seconds=6)
    write_manifest(world_pack)
    window = make_kiosk(world_pack).window
    open_topic(window, qtbot, "en", "rights-at-work")
    qtbot.mouseClick(window.topic_page.listen_button, LEFT)
    qtbot.wait(1500)
    qtbot.mouseClick(window.hide_button, LEFT)
    assert not window.narration.playing
    qtbot.wait(300)  # what the sound server still had queued
    after = speaker.record()
    qtbot.wait(1500)
    assert after.stop().loud_seconds() == 0  # nothing of the six seconds is heard after hiding


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_no_listen_button_for_a_language_without_narration(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(world_pack).window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["ar"], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    assert not window.topic_page.listen_button.isVisible()


def machine_narrated(pack: Path) -> Path:
    """``pack`` with its English narration of rights-at-work listed as made by a machine."""
    toml = pack / "pack.toml"
    entry = MachineNarration("en", ("rights-at-work",), "espeak-ng en-us")
    toml.write_text(with_narration_tables(toml.read_text("utf-8"), {"en": entry}), "utf-8")
    write_manifest(pack)
    return pack


def open_topic(window, qtbot, language: str, topic: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons[language], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons[topic], LEFT)


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_machine_narration_says_it_is_a_computer_voice(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(machine_narrated(world_pack)).window
    page = window.topic_page
    open_topic(window, qtbot, "en", "rights-at-work")
    assert page.listen_button.isVisible()
    assert page.listen_button.text() == "Listen (computer voice)"
    assert not page.no_narration.isVisible()
    qtbot.mouseClick(page.listen_button, LEFT)
    assert page.listen_button.text() == "Stop"
    qtbot.mouseClick(page.listen_button, LEFT)
    assert page.listen_button.text() == "Listen (computer voice)"


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_site_can_hide_machine_narration(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(machine_narrated(world_pack), hide_machine_narration=True).window
    open_topic(window, qtbot, "en", "rights-at-work")
    page = window.topic_page
    assert window.topic_page.page is not None and window.topic_page.page.audio is None
    assert not page.listen_button.isVisible()
    assert not page.no_narration.isVisible()  # there is one, this site does not offer it


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_recorded_narration_is_offered_when_machine_voices_are_hidden(
    make_kiosk, qtbot, world_pack
) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(world_pack, hide_machine_narration=True).window
    open_topic(window, qtbot, "en", "rights-at-work")
    assert window.topic_page.listen_button.isVisible()
    assert window.topic_page.listen_button.text() == "Listen"


def test_a_page_without_any_narration_says_so(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Tagalog has no voice to make narration with: the page says no spoken version exists."""
    window = make_kiosk().window
    page = window.topic_page
    open_topic(window, qtbot, "tl", "report-safely")
    assert page.page is not None and page.page.audio is None
    assert not page.listen_button.isVisible()
    assert page.no_narration.isVisible()
    assert page.no_narration.text()
