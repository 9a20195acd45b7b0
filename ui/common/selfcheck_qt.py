"""Self-checks of the Qt parts the bundle trims around: sound, charts, network, ICU.

Why: build.spec leaves out Qt plugins, libraries and data the kiosk does not use, and ships a
smaller ICU on Linux. Each check here runs a path the product needs through exactly the pieces
that trimming could remove, so a bundle that lost one fails ``--self-check`` (and CI) instead of
failing quietly on a kiosk: narration (the pack's sound decodes, Qt's audio output plays), the
coordinator view (QtCharts draws, the exports write), sync's reachability watch (a network
information back-end is there) and ICU collation for the pack's languages.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from kiosk.packs.load import load_pack
from kiosk.packs.sound import BYTES_PER_SAMPLE, Sound, SoundError, decode_sound
from kiosk.selfcheck import Check
from ui.qt import QtCore, QtWidgets, multimedia, network

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


def check_narration() -> str:
    """Every narration of the shipped pack decodes with the library the kiosk plays it with,
    and Qt's audio output plays the first one on this machine's speaker, if it has one."""
    application()
    pack = load_pack()
    narrations = [
        page.audio
        for topic in pack.topics
        for language in pack.languages
        # a page shown in its fallback language brings that language's narration: count it once
        if (page := pack.page(topic, language)).audio is not None and page.language == language
    ]
    seconds, first = 0.0, None
    for audio in narrations:
        suffix = "." + audio.name.rpartition(".")[2].lower()
        try:
            sound = decode_sound(audio.read_bytes(), suffix)
        except SoundError as exc:
            raise RuntimeError(f"narration {audio.name} does not decode: {exc}") from None
        seconds += sound.seconds
        first = first or sound
    result = f"{len(narrations)} narrations decode ({seconds / 60:.0f} min)"
    return f"{result}; {_play(first)}" if first is not None else result


def _play(sound: Sound, seconds: float = 0.5) -> str:
    """Play the start of ``sound`` on the default speaker until Qt says it has all been played."""
    media = multimedia()
    speaker = media.QMediaDevices.defaultAudioOutput()
    if speaker.isNull():
        return "no sound output on this machine, none played"
    audio_format = media.QAudioFormat()
    audio_format.setSampleRate(sound.sample_rate)
    audio_format.setChannelCount(sound.channels)
    audio_format.setSampleFormat(media.QAudioFormat.SampleFormat.Int16)
    frames = int(seconds * sound.sample_rate) * sound.channels * BYTES_PER_SAMPLE
    buffer = QtCore.QBuffer()
    buffer.setData(QtCore.QByteArray(sound.samples[:frames]))
    buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
    sink = media.QAudioSink(speaker, audio_format)
    loop = QtCore.QEventLoop()
    sink.stateChanged.connect(loop.quit)  # the state is read below (PySide6 cannot pass it)
    QtCore.QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
    sink.start(buffer)
    while sink.state() == media.QtAudio.State.ActiveState:
        loop.exec()
    state, error = sink.state(), sink.error()
    sink.stop()
    if state != media.QtAudio.State.IdleState or error != media.QtAudio.Error.NoError:
        raise RuntimeError(f"the speaker did not play: {state.name}, {error.name}")
    return f"{seconds} s played on {speaker.description()}"


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
