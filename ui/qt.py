"""The one place the UI imports Qt from, so the binding and its version live in one spot."""

from PySide6 import QtCharts, QtCore, QtGui, QtTest, QtWidgets
from PySide6.QtCore import Signal, Slot

__all__ = ["QtCharts", "QtCore", "QtGui", "QtTest", "QtWidgets", "Signal", "Slot"]
