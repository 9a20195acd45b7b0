"""Self-checks of the Qt parts the bundle trims around: sound, charts, network, ICU.

Why: build.spec leaves out Qt plugins, libraries and data the kiosk does not use, and ships a
smaller ICU on Linux. Each check here runs a path the product needs through exactly the pieces
that trimming could remove, so a bundle that lost one fails ``--self-check`` (and CI) instead of
failing quietly on a kiosk: narration (the multimedia back-end decodes a real file), the
coordinator view (QtCharts draws, the exports write), sync's reachability watch (a network
information back-end is there) and ICU collation for the pack's languages.
"""

from __future__ import annotations

import math
import struct
import sys
import tempfile
import wave
from datetime import date
from pathlib import Path

from kiosk.packs.load import load_pack
from kiosk.selfcheck import Check
from ui.qt import QtCore, QtWidgets, multimedia, network

# Narration files a pack may hold (kiosk.packs.files.AUDIO_SUFFIXES), as Qt names the containers.
NARRATION_FORMATS = ("Ogg", "Wave")
LOAD_TIMEOUT_MS = 10_000
# A word in a script that ICU's collation for the language puts before Latin letters; with the
# root collation only (the language's data missing), Latin comes first.
OWN_SCRIPT_FIRST = {"ar": "ب", "pa": "ਕ", "th": "ก", "zh-Hans": "阿", "zh-Hant": "阿"}


def application() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(sys.argv[:1])
    assert isinstance(app, QtWidgets.QApplication)
    return app


def tone(path: Path, seconds: float = 0.5, rate: int = 8000) -> None:
    """A short sine tone as a WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = (
            int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(seconds * rate))
        )
        out.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))


def check_narration() -> str:
    """The multimedia back-end is there, knows the pack's audio containers, and loads a file."""
    application()
    media = multimedia()
    decode = media.QMediaFormat.ConversionMode.Decode
    known = {fmt.name for fmt in media.QMediaFormat().supportedFileFormats(decode)}
    missing = [name for name in NARRATION_FORMATS if name not in known]
    if missing:
        raise RuntimeError(f"no multimedia back-end decodes {', '.join(missing)}")
    status = media.QMediaPlayer.MediaStatus
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, "tone.wav")
        tone(path)
        player = media.QMediaPlayer()
        loop = QtCore.QEventLoop()
        player.mediaStatusChanged.connect(lambda _status: loop.quit())
        player.errorOccurred.connect(lambda *_error: loop.quit())
        QtCore.QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
        player.setSource(QtCore.QUrl.fromLocalFile(str(path)))
        while player.mediaStatus() == status.LoadingMedia:
            loop.exec()
        loaded, duration, error = player.mediaStatus(), player.duration(), player.errorString()
        player.setSource(QtCore.QUrl())
        player.deleteLater()
    if loaded != status.LoadedMedia or duration <= 0:
        raise RuntimeError(f"a WAV file did not load ({loaded.name}) {error}".strip())
    return f"decodes {', '.join(NARRATION_FORMATS)}; a {duration} ms WAV loaded"


def sample_table() -> object:
    """A one-row published statistics table, as the central would send it."""
    from sync.stats.protocol import Count, Header, StatsQuery, StatsTable

    day = date(2026, 1, 5)
    query = StatsQuery.model_validate(
        {"period": "custom", "start": day, "end": day, "group_by": ("language",)}
    )
    seven = Count(value=7, shown="7")
    return StatsTable(
        query=query,
        first=day,
        last=day,
        measure="reach",
        definition="self-check",
        suppressed=True,
        row_dimension="language",
        column_dimensions=(),
        rows=[Header(key=("fr",))],
        columns=[Header(key=())],
        cells=[[seven]],
        row_totals=[seven],
        column_totals=[seven],
        total=seven,
    )


def check_coordinator() -> str:
    """QtCharts draws the coordinator's charts, and a table exports to CSV and Excel."""
    application()
    from sync.stats import exports as stats_exports
    from ui.coordinator.charts import ChartsPanel

    panel = ChartsPanel("en")
    try:
        panel.resize(1100, 600)
        image = panel.grab().toImage()
        if image.isNull() or image.width() < 100:
            raise RuntimeError("QtCharts drew nothing")
    finally:
        panel.deleteLater()
    table = sample_table()
    sizes = []
    with tempfile.TemporaryDirectory() as scratch:
        for file_format in ("csv", "xlsx"):
            path = Path(scratch, f"table.{file_format}")
            stats_exports.write(table, path, file_format)  # type: ignore[arg-type]
            sizes.append(f"{file_format} {path.stat().st_size} B")
    return f"{len(panel.views)} charts drawn; exports {', '.join(sizes)}"


def check_network_watch() -> str:
    """A network-information back-end is shipped for sync's reachability watch."""
    backends = network().QNetworkInformation.availableBackends()
    if not backends:
        raise RuntimeError("no QNetworkInformation back-end (plugins/networkinformation)")
    return f"back-ends {', '.join(backends)}"


def check_collation() -> str:
    """Qt's collation orders each pack language's own script as ICU's data for it says."""
    languages = load_pack().languages
    uses_icu = sys.platform.startswith("linux")  # PySide6 ships ICU on Linux only
    wrong = []
    for language in languages:
        collator = QtCore.QCollator(QtCore.QLocale(language.replace("-", "_")))
        if collator.compare("a", "B") >= 0:
            wrong.append(f"{language}: B before a")
        word = OWN_SCRIPT_FIRST.get(language)
        if uses_icu and word is not None and collator.compare(word, "a") >= 0:
            wrong.append(f"{language}: Latin before {word}")
    if wrong:
        raise RuntimeError("; ".join(wrong))
    scripts = [language for language in languages if uses_icu and language in OWN_SCRIPT_FIRST]
    return f"{len(languages)} languages" + (
        f", own script first: {' '.join(scripts)}" if scripts else ""
    )


def qt_checks() -> list[Check]:
    return [
        ("narration audio", check_narration),
        ("coordinator charts", check_coordinator),
        ("network watch", check_network_watch),
        ("collation", check_collation),
    ]
