"""Writes a PNG of every kiosk screen in every pack language, for people to look at.

Run through ``make screenshots`` (under Xvfb). It drives the real window with simulated clicks on
a throw-away data folder, so what it shows is what a visitor sees. Besides one PNG per screen it
writes ``sheet-<language>.png``, every screen of a language side by side, to review a language
at a glance. ``--pack FOLDER`` shows a pack under development instead of the shipped one.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6 import QtTest  # a developer's tool: the shipped app never loads QtTest

from kiosk.admin_pin import hash_pin
from kiosk.config import Settings
from kiosk.packs.authoring import write_manifest
from kiosk.packs.store import PackStore
from ui.common.startup import prepare_application
from ui.kiosk.app import Kiosk
from ui.qt import QtCore, QtGui, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
SIZE = QtCore.QSize(1280, 800)
THUMB_WIDTH = 640
SHEET_COLUMNS = 4
SCREENSHOT_PIN = "2468"


def settle(app: QtWidgets.QApplication) -> None:
    for _ in range(5):
        app.processEvents()
    QtTest.QTest.qWait(50)


def capture(window: QtWidgets.QWidget, path: Path) -> Path:
    """Save one grab of ``window`` (devtools.outreach_screenshots takes its pictures with this)."""
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


class Camera:
    """Saves grabs of the window and remembers them per language for the contact sheets."""

    def __init__(self, app: QtWidgets.QApplication, window: QtWidgets.QWidget, out: Path):
        self.app = app
        self.window = window
        self.out = out
        self.written: list[Path] = []
        self.by_language: dict[str, list[tuple[str, QtGui.QPixmap]]] = {}

    def shoot(self, name: str, language: str) -> None:
        settle(self.app)
        pixmap = self.window.grab()
        path = self.out / f"{name}.png"
        if not pixmap.save(str(path)):
            raise OSError(f"could not write {path}")
        print(path)
        self.written.append(path)
        self.by_language.setdefault(language, []).append((name, pixmap))

    def click(self, widget: QtWidgets.QWidget) -> None:
        QtTest.QTest.mouseClick(widget, LEFT)
        settle(self.app)

    def sheets(self) -> None:
        for language, shots in self.by_language.items():
            path = self.out / f"sheet-{language}.png"
            contact_sheet(shots).save(str(path))
            print(path)
            self.written.append(path)


def contact_sheet(shots: list[tuple[str, QtGui.QPixmap]]) -> QtGui.QImage:
    first = shots[0][1] if shots else None
    size = first.size() / first.devicePixelRatio() if first is not None else SIZE
    height = THUMB_WIDTH * size.height() // size.width()
    rows = math.ceil(len(shots) / SHEET_COLUMNS)
    sheet = QtGui.QImage(
        THUMB_WIDTH * SHEET_COLUMNS, (height + 28) * rows, QtGui.QImage.Format.Format_RGB32
    )
    sheet.fill(QtGui.QColor("#444444"))
    painter = QtGui.QPainter(sheet)
    painter.setPen(QtGui.QColor("#ffffff"))
    for index, (name, pixmap) in enumerate(shots):
        x = (index % SHEET_COLUMNS) * THUMB_WIDTH
        y = (index // SHEET_COLUMNS) * (height + 28)
        painter.drawText(x + 8, y + 20, name)
        scaled = pixmap.scaled(
            THUMB_WIDTH - 4,
            height,
            QtCore.Qt.AspectRatioMode.KeepAspectRatio,
            QtCore.Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawPixmap(x + 2, y + 28, scaled)
    painter.end()
    return sheet


def visit_in(camera: Camera, kiosk: Kiosk, language: str) -> None:
    """Every visitor screen in ``language``."""
    window = kiosk.window
    index = window.pack.languages.index(language)
    window.attract.show_language(index)
    camera.shoot(f"attract-{language}", language)
    camera.click(window.attract)
    camera.click(window.languages.buttons[language])
    camera.shoot(f"topics-{language}", language)
    for topic in window.pack.topics:
        camera.click(window.topics.topic_buttons[topic])
        camera.shoot(f"topic-{language}-{topic}", language)
        camera.click(window.topic_page.back_button)
    if language != window.pack.default_language:
        # How a page missing in this language looks: the default language's, with the note.
        fallback = window.pack.page(window.pack.topics[0], window.pack.default_language)
        window.topic_page.show_page(dataclasses.replace(fallback, requested_language=language))
        window.show_screen(window.topic_page)
        camera.shoot(f"topic-{language}-fallback-note", language)
        camera.click(window.topic_page.back_button)
    camera.click(window.topics.topic_buttons[window.pack.topics[0]])
    camera.click(window.view_options.text_size_button)
    camera.click(window.view_options.contrast_button)
    camera.shoot(f"topic-{language}-large-contrast", language)
    window.topic_page.scroll_pages(1)
    camera.shoot(f"topic-{language}-large-contrast-scrolled", language)
    camera.click(window.view_options.contrast_button)
    camera.click(window.view_options.text_size_button)
    window.on_idle()
    camera.shoot(f"still-there-{language}", language)
    camera.click(window.still_there.stay_button)
    camera.click(window.topic_page.back_button)
    camera.click(window.topics.card_button)
    for _ in range(200):  # the card's codes are made on the printing thread
        if window.card.codes is not None:
            break
        QtTest.QTest.qWait(50)
    camera.shoot(f"card-{language}", language)
    camera.click(window.card.show_codes_button)
    camera.shoot(f"card-codes-{language}", language)
    camera.click(window.card.back_button)
    camera.click(window.card.back_button)
    camera.click(window.topics.language_button)
    camera.shoot(f"languages-{language}", language)
    camera.click(window.languages.more_button)
    camera.shoot(f"more-languages-{language}", language)
    camera.click(window.more_languages.buttons["hi"])
    camera.shoot(f"more-languages-thanks-{language}", language)
    camera.click(window.hide_button)


def staff_in(camera: Camera, kiosk: Kiosk, language: str) -> None:
    """The PIN pad and every admin tab, with ``language`` as the site's default language."""
    window = kiosk.window
    window.default_language = language
    window.reset_to_attract()
    window.open_admin()
    for key in SCREENSHOT_PIN[:2]:
        camera.click(window.pin.keys[key])
    camera.shoot(f"admin-pin-{language}", language)
    for key in [*SCREENSHOT_PIN[2:], "ok"]:
        camera.click(window.pin.keys[key])
    assert window.admin is not None
    for index in range(window.admin.tabs.count()):
        window.admin.tabs.setCurrentIndex(index)
        camera.shoot(f"admin-{index + 1}-{language}", language)
    window.reset_to_attract()


def take_all(
    out: Path,
    languages: Sequence[str] | None = None,
    pack: Path | None = None,
    size: QtCore.QSize = SIZE,
) -> list[Path]:
    """Click through every screen in each language and save a PNG of each."""
    out.mkdir(parents=True, exist_ok=True)
    app = prepare_application()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            allow_unsigned_packs=pack is not None,
            site="screenshots",
            admin_pin_hash=hash_pin(SCREENSHOT_PIN),
        )
        if pack is not None:  # a copy, so the author's folder is left as it is
            copy = Path(data_dir) / "preview-pack"
            shutil.copytree(pack, copy)
            write_manifest(copy)
            PackStore(Path(data_dir), allow_unsigned=True).install(copy, allow_downgrade=True)
        kiosk = Kiosk(settings)
        window = kiosk.window
        window.resize(size)
        window.show()
        kiosk.open_storage()
        settle(app)
        camera = Camera(app, window, out)
        for language in languages or window.pack.languages:
            visit_in(camera, kiosk, language)
            staff_in(camera, kiosk, language)
        camera.sheets()
        kiosk.close()
    return camera.written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument("--language", action="append", help="only these languages")
    parser.add_argument(
        "--pack", type=Path, help="a pack folder to show instead of the shipped one"
    )
    parser.add_argument(
        "--size", default="1280x800", help="the window's size, WIDTHxHEIGHT (1080x1920: portrait)"
    )
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    take_all(args.out, args.language, args.pack, QtCore.QSize(width, height))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
