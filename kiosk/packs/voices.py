"""Machine voices for draft narration: espeak-ng speaks the text, oggenc compresses it.

Why these two: both are Debian packages that run offline (a pack author may work on a farm
visit laptop), espeak-ng speaks most of the pack's languages, and Ogg Vorbis is the smallest
format the kiosk plays (kiosk.packs.sound: miniaudio reads Vorbis, MP3 and WAV, not Opus).
Speech from a formant synthesizer needs little: mono, resampled to 8 kHz (the telephone band)
at Vorbis's lowest quality is about 9.5 kbit/s, so a topic stays near 150 KB, which matters
because the narration ships inside the desktop bundle, whose size is limited.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError

# Pack language code -> espeak-ng voice. Canadian English and French are closest to en-us and
# fr-fr among espeak-ng's voices; most Spanish-speaking workers in BC come from Mexico and
# Central America (es-419). Traditional Chinese is read in Cantonese (yue), the Chinese most
# often spoken in BC's Traditional-script communities. Tagalog (tl) has no voice in espeak-ng.
VOICES = {
    "en": "en-us",
    "fr": "fr-fr",
    "es": "es-419",
    "pa": "pa",
    "zh-Hans": "cmn",
    "zh-Hant": "yue",
    "vi": "vi",
    "th": "th",
    "ar": "ar",
}
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175: listeners hear a second language
SAMPLE_RATE = 8000  # the telephone band: espeak-ng's voices stay clear, the file stays small
VORBIS_QUALITY = "-1"  # Vorbis's lowest quality setting, ample for a synthetic voice
TIMEOUT_SECONDS = 600


class NarrationError(KioskError):
    """A machine narration cannot be made; the message says what to install or fix."""


@dataclass(frozen=True)
class Tool:
    """A program the narration needs, and the Debian package that brings it."""

    program: str
    package: str


ESPEAK = Tool("espeak-ng", "espeak-ng")
OGGENC = Tool("oggenc", "vorbis-tools")


def voice_for(language: str) -> str | None:
    """The espeak-ng voice for a pack language, or None when there is none (Tagalog)."""
    return VOICES.get(language) or VOICES.get(language.split("-", 1)[0])


def voice_name(language: str) -> str:
    """How pack.toml names the voice used for ``language``, for people reading it."""
    return f"espeak-ng {voice_for(language)}"


def find_tools(path: str | None = None) -> dict[Tool, str]:
    """Where each program is; NarrationError names every missing one and its package."""
    found = {tool: shutil.which(tool.program, path=path) for tool in (ESPEAK, OGGENC)}
    missing = [tool for tool, where in found.items() if where is None]
    if missing:
        names = " and ".join(tool.program for tool in missing)
        packages = " ".join(tool.package for tool in missing)
        raise NarrationError(
            f"{names} {'is' if len(missing) == 1 else 'are'} not installed; machine narration "
            f"needs {'it' if len(missing) == 1 else 'them'}. On Debian or Ubuntu: "
            f"sudo apt-get install {packages}"
        )
    return {tool: where for tool, where in found.items() if where is not None}


def speak(text: str, language: str, target: Path, tools: dict[Tool, str], scratch: Path) -> float:
    """Say ``text`` with ``language``'s voice into the Ogg Vorbis file ``target`` (mono, speech
    bitrate); returns how many seconds it lasts. ``scratch`` is a folder for the uncompressed
    sound, outside the pack."""
    voice = voice_for(language)
    if voice is None:
        raise NarrationError(f"no machine voice speaks {language!r}")
    script, sound = scratch / "text.txt", scratch / "speech.wav"
    script.write_text(text, encoding="utf-8")
    _run(
        [
            tools[ESPEAK],
            "-v",
            voice,
            "-s",
            str(WORDS_PER_MINUTE),
            "-b",
            "1",
            "-f",
            str(script),
            "-w",
            str(sound),
        ],
        f"espeak-ng could not speak {language!r} with voice {voice!r}",
    )
    _run(
        [
            tools[OGGENC],
            "--quiet",
            "--downmix",
            "--resample",
            str(SAMPLE_RATE),
            "--quality",
            VORBIS_QUALITY,
            "--output",
            str(target),
            str(sound),
        ],
        "oggenc could not compress the speech",
    )
    with wave.open(str(sound), "rb") as speech:
        return speech.getnframes() / speech.getframerate()


def _run(command: list[str], failure: str) -> None:
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NarrationError(f"{failure}: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise NarrationError(f"{failure}: {detail[-1] if detail else f'exit {result.returncode}'}")
