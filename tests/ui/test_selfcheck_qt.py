"""The self-check's Qt lines pass on a good install and fail when their piece is missing."""

from __future__ import annotations

import re
import sys

import miniaudio
import pytest

from ui.common import selfcheck_qt

# FFmpeg and the sound back-ends say what this machine lacks (PipeWire, VA-API, a sound server)
MULTIMEDIA_NOISE = [r"qt\.multimedia", r"PulseAudioService", r"Couldn't (load|resolve)"]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_every_qt_check_passes_here(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    results = {name: check() for name, check in selfcheck_qt.qt_checks()}
    assert list(results) == ["narration audio", "coordinator charts", "network watch", "collation"]
    # every narration of the shipped pack decodes; the first plays on the (private) speaker
    narration = re.fullmatch(
        r"(\d+) narrations decode \((\d+) min\); 0.5 s played on .+", results["narration audio"]
    )
    assert narration is not None and int(narration[1]) >= 80 and int(narration[2]) >= 100
    assert results["coordinator charts"].startswith("5 charts drawn; exports csv")
    assert "xlsx" in results["coordinator charts"]
    assert results["network watch"].startswith("back-ends ")
    assert results["collation"].startswith("10 languages")


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_narration_fails_when_its_decoder_cannot_read_the_packs_format(
    kiosk_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """As a bundle whose miniaudio reads the files' headers but cannot decode their sound."""

    def broken_decoder(*_args: object, **_kwargs: object) -> None:
        raise miniaudio.DecodeError("failed to decode data", -1)

    monkeypatch.setattr(miniaudio, "decode", broken_decoder)
    with pytest.raises(RuntimeError, match=r"narration \w+\.ogg does not decode"):
        selfcheck_qt.check_narration()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt collates with ICU on Linux")
def test_collation_names_a_language_sorted_the_root_way(
    kiosk_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # French collation puts Latin first, as the root one does: only Thai keeps its own first
    monkeypatch.setattr(selfcheck_qt, "OWN_SCRIPT_FIRST", {"fr": "ب", "th": "ก"})
    with pytest.raises(RuntimeError, match=r"^fr: Latin before ب$"):
        selfcheck_qt.check_collation()
