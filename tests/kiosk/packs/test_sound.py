"""Narration sound: real files made by real encoders decode to the right length; what the kiosk
cannot play (Ogg Opus, a damaged file) is named before a visitor taps "Listen"."""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path

import pytest

from kiosk.packs.sound import BYTES_PER_SAMPLE, SoundError, decode_sound, sound_problem


def tone_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    """A 440 Hz tone as a WAV file, written with the standard library."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(frames)
    return path


def test_a_wav_decodes_at_its_own_rate_and_at_the_speakers(tmp_path: Path) -> None:
    data = tone_wav(tmp_path / "tone.wav", 1.5).read_bytes()
    assert sound_problem(data, ".wav") is None
    own = decode_sound(data, ".wav")
    assert (own.sample_rate, own.channels) == (16000, 1)
    assert own.seconds == pytest.approx(1.5, abs=0.01)
    speaker = decode_sound(data, ".wav", sample_rate=48000, channels=2)
    assert (speaker.sample_rate, speaker.channels) == (48000, 2)
    assert len(speaker.samples) == pytest.approx(1.5 * 48000 * 2 * BYTES_PER_SAMPLE, rel=0.01)
    assert max(abs(v) for (v,) in struct.iter_unpack("<h", own.samples[:4000])) > 7000


@pytest.mark.skipif(shutil.which("oggenc") is None, reason="needs oggenc (Debian vorbis-tools)")
def test_ogg_vorbis_from_oggenc_decodes(tmp_path: Path) -> None:
    wav = tone_wav(tmp_path / "tone.wav", 3.0)
    ogg = tmp_path / "tone.ogg"
    subprocess.run(
        ["oggenc", "--quiet", "--resample", "8000", "-q", "-1", "-o", str(ogg), str(wav)],
        check=True,
    )
    data = ogg.read_bytes()
    assert sound_problem(data, ".ogg") is None
    sound = decode_sound(data, ".ogg")
    assert sound.sample_rate == 8000 and sound.seconds == pytest.approx(3.0, abs=0.05)
    assert sound_problem(data, ".mp3") == "not a mp3 audio file"  # named by its contents


def test_ogg_opus_is_named_with_what_to_do_instead() -> None:
    # the first Ogg page of an Opus file: its header packet starts with "OpusHead"
    page = b"OggS\x00\x02" + bytes(20) + b"\x01\x13" + b"OpusHead\x01\x01" + bytes(17)
    assert sound_problem(page, ".ogg") == (
        "Ogg Opus, which the kiosk cannot play: make it Ogg Vorbis (oggenc), MP3 or WAV"
    )
    with pytest.raises(SoundError, match="Ogg Opus"):
        decode_sound(page, ".ogg")


@pytest.mark.parametrize("suffix", [".ogg", ".mp3", ".wav"])
def test_damaged_or_empty_files_are_refused(suffix: str) -> None:
    assert sound_problem(b"OggS" + bytes(60), suffix) is not None
    assert sound_problem(b"", suffix) is not None
    with pytest.raises(SoundError):
        decode_sound(b"not audio at all", suffix)


def test_a_format_the_pack_does_not_allow() -> None:
    assert (
        sound_problem(b"fLaC", ".flac") == ".flac is not a narration format (use .ogg, .mp3, .wav)"
    )
