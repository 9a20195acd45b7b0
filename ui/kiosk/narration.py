"""Narration of a topic page: the pack's sound for the page, played on the default speaker.

The file is decoded whole by kiosk.packs.sound (miniaudio: a few minutes of speech take tens of
milliseconds) and handed to Qt's audio output as samples, so no media back-end (FFmpeg) has to
ship. QtMultimedia is loaded only when a page with narration is played. A machine without a
sound device still shows the control; playing then fails quietly (logged), and the visitor can
read.
"""

from __future__ import annotations

import logging
from importlib.resources.abc import Traversable
from typing import Any

from kiosk.packs.sound import Sound, SoundError, decode_sound
from ui.qt import QtCore, Signal, multimedia

log = logging.getLogger(__name__)


class Narration(QtCore.QObject):
    """One speaker for the kiosk; ``playing_changed`` says when sound starts and stops."""

    playing_changed = Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._sink: Any = None
        self._buffer: QtCore.QBuffer | None = None
        self._playing = False

    @property
    def playing(self) -> bool:
        return self._playing

    def play(self, audio: Traversable) -> None:
        self.stop()
        media = multimedia()
        speaker = media.QMediaDevices.defaultAudioOutput()
        if speaker.isNull():
            log.warning("narration not played: this machine has no sound output")
            return
        try:
            sound = self._decode(audio, speaker)
        except (OSError, SoundError) as exc:
            log.warning("narration %s could not be played: %s", audio.name, exc)
            return
        self._buffer = QtCore.QBuffer(self)
        self._buffer.setData(QtCore.QByteArray(sound.samples))
        self._buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
        self._sink = media.QAudioSink(speaker, _format(sound), self)
        # the new state is read from the sink: PySide6 cannot pass QtAudio.State to a slot
        self._sink.stateChanged.connect(self._state_changed)
        self._set_playing(True)
        self._sink.start(self._buffer)

    def stop(self) -> None:
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.stateChanged.disconnect(self._state_changed)
            sink.stop()
            sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._set_playing(False)

    def _decode(self, audio: Traversable, speaker: Any) -> Sound:
        """Mono at the file's own rate when the speaker takes it (no resampling), else as the
        speaker prefers."""
        data = audio.read_bytes()
        suffix = "." + audio.name.rpartition(".")[2].lower()
        sound = decode_sound(data, suffix)
        if speaker.isFormatSupported(_format(sound)):
            return sound
        preferred = speaker.preferredFormat()
        return decode_sound(
            data,
            suffix,
            sample_rate=preferred.sampleRate(),
            channels=preferred.channelCount(),
        )

    def _state_changed(self) -> None:
        if self._sink is None:
            return
        state, audio = self._sink.state(), multimedia().QtAudio
        if state == audio.State.IdleState:  # every sample played: the narration is over
            self.stop()
        elif state == audio.State.StoppedState:
            log.warning("narration stopped by the sound output: %s", self._sink.error())
            self.stop()

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)


def _format(sound: Sound) -> Any:
    """Qt's description of ``sound``'s samples."""
    media = multimedia()
    audio_format = media.QAudioFormat()
    audio_format.setSampleRate(sound.sample_rate)
    audio_format.setChannelCount(sound.channels)
    audio_format.setSampleFormat(media.QAudioFormat.SampleFormat.Int16)
    return audio_format
