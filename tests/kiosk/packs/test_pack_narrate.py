"""``pack narrate``: real espeak-ng and oggenc on a small pack, checked with a real decoder.

The pack is the shipped one cut down to short pages in English, French and Tagalog, so a run
takes seconds. Each file is decoded by oggdec (vorbis-tools) to prove it is Ogg Vorbis, mono,
and as long as speech; pack.toml and validation must agree on which files a machine made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from kiosk.packs.authoring import write_manifest
from kiosk.packs.narrate import TEMPORARY_SUFFIX, narrate_pack
from kiosk.packs.narration_table import with_narration_tables
from kiosk.packs.validate import inspect_pack
from kiosk.packs.voices import NarrationError, find_tools

REPOSITORY = Path(__file__).resolve().parents[3]
PAGE = "# {topic}\n\n## Call for help\n\n- Call **911** or **1-888-967-5377**.\n"
needs_tools = pytest.mark.skipif(
    shutil.which("espeak-ng") is None or shutil.which("oggdec") is None,
    reason="needs espeak-ng and vorbis-tools (Debian packages espeak-ng, vorbis-tools)",
)


@pytest.fixture
def small_pack(pack_dir: Path) -> Path:
    """The shipped pack without its narration, its pages short, in en, fr and tl only."""
    shutil.rmtree(pack_dir / "audio", ignore_errors=True)
    toml = pack_dir / "pack.toml"
    toml.write_text(with_narration_tables(toml.read_text("utf-8"), {}), "utf-8")
    for page in (pack_dir / "topics").glob("*/*.md"):
        page.write_text(PAGE.format(topic=page.parent.name), "utf-8")
    write_manifest(pack_dir)
    return pack_dir


def decoded(path: Path, scratch: Path) -> tuple[int, int, float]:
    """Channels, sample rate and seconds of an Ogg Vorbis file, as oggdec decodes it."""
    out = scratch / f"{path.parent.name}-{path.stem}.wav"
    subprocess.run(["oggdec", "--quiet", "--output", str(out), str(path)], check=True)
    with wave.open(str(out), "rb") as sound:
        rate = sound.getframerate()
        return sound.getnchannels(), rate, sound.getnframes() / rate


@needs_tools
def test_narrate_makes_vorbis_files_listed_as_machine_narration(
    small_pack: Path, tmp_path: Path
) -> None:
    said: list[str] = []
    pages = [*(small_pack / "topics").glob("*/en.md"), *(small_pack / "topics").glob("*/fr.md")]
    run = narrate_pack(small_pack, languages=["en", "fr", "tl"], report=said.append)
    assert "tl: no machine voice speaks it; no narration made" in said
    assert len(run.made) == len(pages) >= 18 and not run.kept  # one per English and French page
    assert "audio/rights-at-work/en.ogg" in said[1]  # one line per file, with size and length
    assert not list((small_pack / "audio").glob("*/tl.*"))
    for made in run.made:
        path = small_pack / made
        assert path.read_bytes()[:4] == b"OggS" and b"\x01vorbis" in path.read_bytes()[:64]
        channels, rate, seconds = decoded(path, tmp_path)
        assert channels == 1 and rate == 8000 and 2 < seconds < 20
        # about 9.5 kbit/s, plus Vorbis's code books (~4 KB) at the start of every file
        assert path.stat().st_size < seconds * 10_000 / 8 * 1.3 + 6000
    assert run.machine_bytes["en"] == sum(
        (small_pack / made).stat().st_size for made in run.made if made.endswith("/en.ogg")
    )
    inspection = inspect_pack(small_pack)
    assert inspection.problems == []
    assert inspection.pack is not None
    page = inspection.pack.page("housing", "fr")
    assert page.audio is not None and page.machine_voice
    assert inspection.pack.page("housing", "tl").audio is None
    assert 'voice = "espeak-ng fr-fr"' in (small_pack / "pack.toml").read_text("utf-8")


@needs_tools
def test_a_recording_by_a_person_is_never_replaced(small_pack: Path) -> None:
    recording = small_pack / "audio" / "housing" / "en.wav"
    recording.parent.mkdir(parents=True)
    with wave.open(str(recording), "wb") as sound:  # a second of silence, as a person recorded
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(16000))
    before = recording.read_bytes()
    said: list[str] = []
    narrate_pack(small_pack, languages=["en"], force=True, report=said.append)
    narrate_pack(small_pack, languages=["en"], force=True, report=said.append)
    assert recording.read_bytes() == before
    assert not (small_pack / "audio" / "housing" / "en.ogg").exists()
    assert "audio/housing/en.wav: kept (recorded by a person)" in said
    inspection = inspect_pack(small_pack)
    assert inspection.pack is not None
    assert not inspection.pack.page("housing", "en").machine_voice
    assert inspection.pack.page("first-days", "en").machine_voice


@needs_tools
def test_a_killed_run_leaves_nothing_half_written(small_pack: Path) -> None:
    folder = small_pack / "audio" / "housing"
    folder.mkdir(parents=True)
    leftover = folder / f".en.ogg.0123{TEMPORARY_SUFFIX}"  # what a killed run leaves
    leftover.write_bytes(b"OggS half")
    narrate_pack(small_pack, languages=["en"], report=lambda _line: None)
    assert not leftover.exists()
    assert sorted(path.name for path in folder.iterdir()) == ["en.ogg"]


def test_missing_espeak_is_named_with_its_package(small_pack: Path, tmp_path: Path) -> None:
    """No espeak-ng on PATH: one plain sentence naming the Debian package, no traceback."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    oggenc = shutil.which("oggenc")
    if oggenc is not None:
        (bin_folder / "oggenc").symlink_to(oggenc)
    with pytest.raises(NarrationError, match="sudo apt-get install espeak-ng"):
        find_tools(str(bin_folder))
    command = "import sys; from ui.main import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", command, "pack", "narrate", str(small_pack)],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(bin_folder), "PYTHONPATH": str(REPOSITORY)},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "espeak-ng" in result.stderr and "apt-get install espeak-ng" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (small_pack / "audio").exists()


def test_validate_refuses_machine_narration_without_its_file(small_pack: Path) -> None:
    toml = small_pack / "pack.toml"
    toml.write_text(
        toml.read_text("utf-8") + '\n[narration.fr]\nmachine = ["housing"]\nbogus = 1\n', "utf-8"
    )
    messages = [str(problem) for problem in inspect_pack(small_pack).problems]
    line = toml.read_text("utf-8").splitlines().index("[narration.fr]") + 1
    assert (
        f"pack.toml:{line}: narration.fr: unknown key 'bogus' (known: machine, voice)" in messages
    )
    assert (
        f"pack.toml:{line}: narration.fr: machine lists 'housing', but there is no "
        "audio/housing/fr.ogg, .mp3 or .wav"
    ) in messages
