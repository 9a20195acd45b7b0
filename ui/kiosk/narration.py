"""Narration of a topic page: plays the pack's audio file for the page, if it has one.

QtMultimedia is loaded only when a page with narration is shown. A machine without a sound
device still shows the control; playing then fails quietly (logged), and the visitor can read.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ui.qt import QtCore, Signal, multimedia

log = logging.getLogger(__name__)


class Narration(QtCore.QObject):
    """One player for the kiosk; ``playing_changed`` says when sound starts and stops."""

    playing_changed = Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._player: Any = None
        self._output: Any = None
        self._files = ExitStack()
        self._playing = False

    @property
    def playing(self) -> bool:
        return self._playing

    def play(self, audio: Traversable) -> None:
        media = multimedia()
        if self._player is None:
            self._output = media.QAudioOutput(self)
            self._player = media.QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.playbackStateChanged.connect(self._state_changed)
            self._player.errorOccurred.connect(self._failed)
        self.stop()
        path = (
            audio
            if isinstance(audio, Path)
            else self._files.enter_context(resources.as_file(audio))
        )
        self._player.setSource(QtCore.QUrl.fromLocalFile(str(path)))
        self._set_playing(True)
        self._player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QtCore.QUrl())
        self._files.close()
        self._set_playing(False)

    def _state_changed(self, state: Any) -> None:
        if state == multimedia().QMediaPlayer.PlaybackState.StoppedState:
            self._set_playing(False)

    def _failed(self, _error: Any, message: str) -> None:
        log.warning("narration could not be played: %s", message)
        self._set_playing(False)

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)
