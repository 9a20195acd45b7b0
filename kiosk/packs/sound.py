"""Narration sound: which files the kiosk can play, and their samples, ready for a speaker.

Why miniaudio: it reads Ogg Vorbis, MP3 and WAV with one small library and nothing else. Qt's
own media back-end would play them too, but it brings FFmpeg and QtQuick, about 15 MB of the
desktop bundle's 80 MB limit, to play a few minutes of speech; without it the whole shipped
narration fits. Ogg Opus is not among miniaudio's formats, so a pack's narration is Vorbis, MP3
or WAV, and validation names Opus when an author brings it (:func:`sound_problem`).

No Qt here: validation runs in the core, and the kiosk window hands the samples to Qt's audio
output (ui/kiosk/narration.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import miniaudio

from kiosk.packs.files import AUDIO_SUFFIXES

# Each narration format a pack may hold (kiosk.packs.files.AUDIO_SUFFIXES), by file suffix: how
# to read its header without decoding the sound.
INFO_READERS: dict[str, Callable[[bytes], miniaudio.SoundFileInfo]] = {
    ".ogg": miniaudio.vorbis_get_info,
    ".mp3": miniaudio.mp3_get_info,
    ".wav": miniaudio.wav_get_info,
}
BYTES_PER_SAMPLE = 2  # signed 16-bit: what every audio output takes


class SoundError(ValueError):
    """The bytes are not a sound the kiosk can play; the message says what they are instead."""


@dataclass(frozen=True)
class Sound:
    """Decoded sound: signed 16-bit samples in native byte order, channels interleaved."""

    samples: bytes
    sample_rate: int
    channels: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / (BYTES_PER_SAMPLE * self.channels * self.sample_rate)


def sound_problem(data: bytes, suffix: str) -> str | None:
    """Why ``data`` (a file named ``*suffix``) cannot be played, or None when it can.

    Reads the header only, so a pack of many narrations validates quickly.
    """
    reader = INFO_READERS.get(suffix)
    if reader is None:
        return f"{suffix} is not a narration format (use {', '.join(AUDIO_SUFFIXES)})"
    if suffix == ".ogg" and b"OpusHead" in data[:64]:
        return "Ogg Opus, which the kiosk cannot play: make it Ogg Vorbis (oggenc), MP3 or WAV"
    try:
        info = reader(data)
    except miniaudio.MiniaudioError:
        return f"not a {suffix[1:]} audio file"
    if info.num_frames <= 0 or info.sample_rate <= 0:
        return f"a {suffix[1:]} file with no sound in it"
    return None


def decode_sound(
    data: bytes, suffix: str, *, sample_rate: int | None = None, channels: int = 1
) -> Sound:
    """The samples of ``data`` (a file named ``*suffix``) at ``sample_rate`` (default: the
    file's own) and ``channels``.

    The file's own rate is the cheap choice (no resampling: two minutes of speech decode in
    tens of milliseconds); pass the speaker's rate when it cannot take the file's.
    """
    problem = sound_problem(data, suffix)
    if problem is not None:
        raise SoundError(problem)
    try:
        rate = sample_rate or INFO_READERS[suffix](data).sample_rate
        decoded = miniaudio.decode(
            data,
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=channels,
            sample_rate=rate,
        )
    except miniaudio.MiniaudioError as exc:
        raise SoundError(f"not a sound the kiosk can play ({exc.args[0]})") from None
    return Sound(decoded.samples.tobytes(), decoded.sample_rate, decoded.nchannels)
