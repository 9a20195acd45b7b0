"""The self-check's Qt lines pass on a good install and fail when their piece is missing."""

from __future__ import annotations

import sys

import pytest

from ui.common import selfcheck_qt

# FFmpeg and the sound back-ends say what this machine lacks (PipeWire, VA-API, a sound server)
MULTIMEDIA_NOISE = [r"qt\.multimedia", r"PulseAudioService", r"Couldn't (load|resolve)"]


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_every_qt_check_passes_here(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    results = {name: check() for name, check in selfcheck_qt.qt_checks()}
    assert list(results) == ["narration audio", "coordinator charts", "network watch", "collation"]
    assert "Ogg, Wave" in results["narration audio"] and "500 ms WAV" in results["narration audio"]
    assert results["coordinator charts"].startswith("5 charts drawn; exports csv")
    assert "xlsx" in results["coordinator charts"]
    assert results["network watch"].startswith("back-ends ")
    assert results["collation"].startswith("10 languages")


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_narration_fails_for_a_format_no_back_end_decodes(
    kiosk_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selfcheck_qt, "NARRATION_FORMATS", ("Ogg", "WebM"))
    with pytest.raises(RuntimeError, match="no multimedia back-end decodes WebM"):
        selfcheck_qt.check_narration()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt collates with ICU on Linux")
def test_collation_names_a_language_sorted_the_root_way(
    kiosk_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # French collation puts Latin first, as the root one does: only Thai keeps its own first
    monkeypatch.setattr(selfcheck_qt, "OWN_SCRIPT_FIRST", {"fr": "ب", "th": "ก"})
    with pytest.raises(RuntimeError, match=r"^fr: Latin before ب$"):
        selfcheck_qt.check_collation()
