"""Narration: the control appears only for pages with an audio file, and playing is counted.

The narration is a real WAV file in a real installed pack, played by QtMultimedia. Machines
without a sound device (CI) cannot make it audible; the control, the event and the player's
source are still real.
"""

from __future__ import annotations

import pytest

from ui.qt import QtCore

LEFT = QtCore.Qt.MouseButton.LeftButton
MULTIMEDIA_NOISE = [
    r"qt\.multimedia",
    r"PulseAudioService",
    r"Couldn't (load|resolve)",
    r"QAudioOutput|QAudioSink|QMediaPlayer",
    r"Could not open media",  # stopping while FFmpeg is still opening the file
]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_listen_appears_only_with_narration_and_is_counted(
    make_kiosk, qtbot, rows, world_pack
) -> None:  # type: ignore[no-untyped-def]
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

    qtbot.mouseClick(page.listen_button, LEFT)
    player = window.narration._player
    assert player is not None
    assert player.source().toLocalFile().endswith("audio/rights-at-work/en.wav")
    qtbot.mouseClick(window.hide_button, LEFT)  # hiding also silences the kiosk at once
    assert not window.narration.playing
    assert player.source().isEmpty()
    assert rows(kiosk) == [
        ("visit", None, None),
        ("language_selected", "en", None),
        ("topic_viewed", "en", "report-safely"),
        ("topic_viewed", "en", "rights-at-work"),
        ("audio_played", "en", "rights-at-work"),
    ]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_no_listen_button_for_a_language_without_narration(make_kiosk, qtbot, world_pack) -> None:  # type: ignore[no-untyped-def]
    window = make_kiosk(world_pack).window
    qtbot.mouseClick(window.attract, LEFT)
    qtbot.mouseClick(window.languages.buttons["ar"], LEFT)
    qtbot.mouseClick(window.topics.topic_buttons["rights-at-work"], LEFT)
    assert not window.topic_page.listen_button.isVisible()
