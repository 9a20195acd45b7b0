"""``outreach-kiosk --self-check``: the core's checks plus the screen, offscreen.

Prints one line per check and returns non-zero when any failed, naming it; the frozen bundle's
smoke test in CI runs exactly this.
"""

from __future__ import annotations

import os
import sys

from kiosk.config import Settings
from kiosk.selfcheck import Check, core_checks, run_checks
from ui.common.selfcheck_qt import qt_checks


def ui_checks(settings: Settings) -> list[Check]:
    def check_fonts_load() -> str:
        from ui.common.fonts import load_bundled_fonts
        from ui.qt import QtWidgets

        if QtWidgets.QApplication.instance() is None:
            QtWidgets.QApplication(sys.argv[:1])
        families = load_bundled_fonts()
        if not families:
            raise RuntimeError("Qt loaded none of the shipped fonts")
        return f"Qt loaded {', '.join(families)}"

    def check_attract_screen() -> str:
        from ui.common.startup import prepare_application
        from ui.kiosk.app import Kiosk

        prepare_application()
        kiosk = Kiosk(settings)
        try:
            kiosk.window.resize(1280, 800)
            image = kiosk.window.grab().toImage()
            if image.isNull() or image.width() < 100:
                raise RuntimeError("the attract screen rendered nothing")
            return f"attract screen rendered {image.width()}x{image.height()}"
        finally:
            kiosk.close()

    return [("qt fonts", check_fonts_load), ("attract screen", check_attract_screen)]


def run(settings: Settings) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = []
    for result in run_checks([*core_checks(settings), *ui_checks(settings), *qt_checks()]):
        print(result.line(), flush=True)
        if not result.ok:
            failed.append(result.name)
    if failed:
        print(f"self-check failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("self-check passed")
    return 0
