"""Start-up steps every window of the desktop application shares: is there a display, the
QApplication with the kiosk's fonts and style, logging, and noticing the first paint.

Why here: the kiosk, outreach mode and the coordinator view start the same way; the first two
paint first and open storage only once :class:`FirstPaint` says the first screen is up.
"""

from __future__ import annotations

import os
import sys

from kiosk.config import Settings
from kiosk.logs import configure_logging
from ui.common.collector import collect_on_gui_thread
from ui.common.fonts import font_for, load_bundled_fonts
from ui.common.metrics import small_target_px, touch_target_px
from ui.common.style import style_sheet
from ui.qt import QtCore, QtGui, QtWidgets, Signal

NO_DISPLAY_MESSAGE = (
    "outreach-kiosk: no display found (DISPLAY and WAYLAND_DISPLAY are unset). "
    "Start it from a desktop session, or on a headless machine run: xvfb-run -a outreach-kiosk"
)


def display_available() -> bool:
    """Whether Qt can open a window here; on Linux that needs X11, Wayland or a chosen platform."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def prepare_application() -> QtWidgets.QApplication:
    """The QApplication with the kiosk's fonts and style (made if there is none yet)."""
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Outreach Kiosk")
    collect_on_gui_thread(app)
    load_bundled_fonts()
    base = QtGui.QFont()
    base.setPointSize(14)
    app.setFont(font_for("en", base))
    app.setStyleSheet(style_sheet(touch_target_px(), small_target_px()))
    return app


def start_application(settings: Settings) -> QtWidgets.QApplication | None:
    """The application, with logging to the data folder; None (and one line saying how to run
    it) when there is no display. Shared by the kiosk and outreach mode."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return None
    try:
        configure_logging(settings.resolved_data_dir(), earlier=settings.notes)
    except OSError as exc:  # storage will say what is wrong with the folder, in a clear line
        print(f"outreach-kiosk: no log file in the data folder: {exc.strerror}", file=sys.stderr)
    return prepare_application()


class FirstPaint(QtCore.QObject):
    """Emits ``painted`` once, the first time ``widget`` is painted."""

    painted = Signal()

    def __init__(self, widget: QtWidgets.QWidget):
        super().__init__(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted.emit()
        return False
