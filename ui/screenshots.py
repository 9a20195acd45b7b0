"""Writes a PNG of every kiosk screen in every pack language, for people to look at.

Run through ``make screenshots`` (under Xvfb). It drives the real window with simulated clicks on
a throw-away data folder, so what it shows is what a visitor sees.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kiosk.config import Settings
from ui.app import Kiosk, prepare_application
from ui.qt import QtCore, QtTest, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
SIZE = QtCore.QSize(1280, 800)


def settle(app: QtWidgets.QApplication) -> None:
    for _ in range(5):
        app.processEvents()
    QtTest.QTest.qWait(50)


def capture(window: QtWidgets.QWidget, path: Path) -> Path:
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def take_all(out: Path, languages: Sequence[str] | None = None) -> list[Path]:
    """Click through every screen in each language and save a PNG of each."""
    out.mkdir(parents=True, exist_ok=True)
    app = prepare_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as data_dir:
        kiosk = Kiosk(Settings(data_dir=Path(data_dir)))
        window = kiosk.window
        window.resize(SIZE)
        window.show()
        kiosk.open_storage()
        settle(app)
        written.append(capture(window, out / "attract.png"))
        for language in languages or window.pack.languages:
            QtTest.QTest.mouseClick(window.attract, LEFT)
            settle(app)
            written.append(capture(window, out / "languages.png"))
            QtTest.QTest.mouseClick(window.languages.buttons[language], LEFT)
            settle(app)
            written.append(capture(window, out / f"topics-{language}.png"))
            for topic in window.pack.topics:
                QtTest.QTest.mouseClick(window.topics.topic_buttons[topic], LEFT)
                settle(app)
                written.append(capture(window, out / f"topic-{language}-{topic}.png"))
                QtTest.QTest.mouseClick(window.topic_page.back_button, LEFT)
                settle(app)
            QtTest.QTest.mouseClick(window.topics.card_button, LEFT)
            for _ in range(200):  # the card's codes are made on the printing thread
                if window.card.codes is not None:
                    break
                QtTest.QTest.qWait(50)
            settle(app)
            written.append(capture(window, out / f"card-{language}.png"))
            QtTest.QTest.mouseClick(window.card.show_codes_button, LEFT)
            settle(app)
            written.append(capture(window, out / f"card-codes-{language}.png"))
            QtTest.QTest.mouseClick(window.card.back_button, LEFT)
            QtTest.QTest.mouseClick(window.card.back_button, LEFT)
            settle(app)
            QtTest.QTest.mouseClick(window.topics.done_button, LEFT)
            settle(app)
        kiosk.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument("--language", action="append", help="only these languages")
    args = parser.parse_args(argv)
    take_all(args.out, args.language)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
