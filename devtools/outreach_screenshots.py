"""Writes a PNG of every outreach-mode screen and of the statistics panel, for people to look at.

A throw-away data folder is filled by a simulation first (kiosk.reach.simulate), so the lists and
figures look like a real month. Run it under Xvfb or offscreen:

    QT_QPA_PLATFORM=offscreen python -m devtools.outreach_screenshots --out build/outreach-shots
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6 import QtTest  # a developer's tool: the shipped app never loads QtTest

from devtools.screenshots import capture, settle
from kiosk import i18n
from kiosk.config import Settings
from kiosk.packs.load import load_pack
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.outreach import OutreachLog, SessionForm
from kiosk.reach.simulate import SimulatedClock, run
from kiosk.storage.database import open_database
from ui.common.startup import prepare_application
from ui.outreach.window import Outreach
from ui.qt import QtCore, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton


def fill_with_a_month(data_dir: Path) -> None:
    pack = load_pack()
    database = open_database(data_dir)
    clock = SimulatedClock(datetime.now().astimezone())
    reach = ReachLog(database, ReachContext("farm-visits", "dev-demo", pack.version), clock=clock)
    today = clock.now.date()
    run(reach, clock, pack.languages, pack.topics, 1500, today=today, days=30, seed=7)
    handed = [event["uuid"] for event in reach.unsynced_batch(limit=1_000_000)]
    reach.mark_synced("demo-batch", handed[:-30])  # synced, and the last few on their way
    outreach = OutreachLog(reach)
    form = SessionForm(today, "mainland-southwest", "agriculture", "sawp", 23, 20, 8, ("es",))
    outreach.record(replace(form, topics=pack.topics[:2])).result()
    outreach.save_draft(replace(form, workers_reached=0, languages=())).result()
    reach.close()
    database.close()


def take_all(out: Path, languages: Sequence[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = prepare_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        fill_with_a_month(data_dir)
        for language in languages:
            outreach = Outreach(
                Settings(data_dir=data_dir, mode="outreach", default_language=language)
            )
            window = outreach.window
            window.resize(1280, 800)
            window.show()
            outreach.open_storage()
            while outreach.reach is None or window.outreach is None:
                settle(app)
            settle(app)
            written.append(capture(window, out / f"outreach-home-{language}.png"))

            sessions = window.sessions._sessions
            locked = next(s for s in sessions if s.locked)
            window.open_session(locked.id)
            settle(app)
            written.append(capture(window, out / f"outreach-session-locked-{language}.png"))

            QtTest.QTest.mouseClick(window.form.back_button, LEFT)
            QtTest.QTest.mouseClick(window.sessions.new_button, LEFT)
            form = window.form
            form.region.setCurrentIndex(form.region.findData("thompson-okanagan"))
            form.workers.setValue(14)
            form.cards.setValue(12)
            form.brochures.setValue(5)
            settle(app)
            QtTest.QTest.mouseClick(form.present_button, LEFT)
            settle(app)
            written.append(capture(window, out / f"outreach-present-languages-{language}.png"))
            QtTest.QTest.mouseClick(window.presentation.picker.buttons[language], LEFT)
            settle(app)
            written.append(capture(window, out / f"outreach-present-topics-{language}.png"))
            topic = window.pack.topics[0]
            QtTest.QTest.mouseClick(window.presentation.topics.topic_buttons[topic], LEFT)
            settle(app)
            written.append(capture(window, out / f"outreach-present-page-{language}.png"))
            QtTest.QTest.mouseClick(window.presentation.page.done_button, LEFT)
            settle(app)
            written.append(capture(window, out / f"outreach-session-new-{language}.png"))

            QtTest.QTest.mouseClick(form.back_button, LEFT)
            assert window.stats is not None
            QtTest.QTest.mouseClick(window.sessions.stats_button, LEFT)
            while window.stats.stats is None:
                settle(app)
            settle(app)
            written.append(capture(window, out / f"stats-{language}.png"))
            outreach.close()
            i18n.activate("en")
    del app
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/screenshots/outreach"))
    parser.add_argument("--language", action="append", help="only these languages (default en, es)")
    args = parser.parse_args(argv)
    take_all(args.out, args.language or ["en", "es"])
    QtWidgets.QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
