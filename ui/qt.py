"""The one place the UI imports Qt from, so the binding and its version live in one spot."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Signal, SignalInstance, Slot

if TYPE_CHECKING:
    from PySide6 import QtCharts

__all__ = [
    "QtCharts",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "SignalInstance",
    "Slot",
    "multimedia",
    "network",
]


def __getattr__(name: str) -> ModuleType:
    """QtCharts on first use: only the coordinator view draws charts; the kiosk's start-up
    should not pay for loading it."""
    if name == "QtCharts":
        from PySide6 import QtCharts

        return QtCharts
    raise AttributeError(name)


def multimedia() -> ModuleType:
    """QtMultimedia, imported on first use: only topic pages with narration need it, and it
    loads audio back-ends that would slow every start."""
    from PySide6 import QtMultimedia

    return QtMultimedia


def network() -> ModuleType:
    """QtNetwork, imported when sync starts (QNetworkInformation's reachability signal)."""
    from PySide6 import QtNetwork

    return QtNetwork
