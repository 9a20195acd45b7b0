"""Qt's own strings follow the kiosk's language where Qt has a catalog."""

from __future__ import annotations

from ui.common.qt_translations import install_qt_translations, qt_catalog_names
from ui.qt import QtCore


def test_catalog_names() -> None:
    assert qt_catalog_names("zh-Hant") == ["zh_TW", "zh"]
    assert qt_catalog_names("fr") == ["fr"]


def test_qt_strings_translate_and_switch_back(kiosk_app) -> None:  # type: ignore[no-untyped-def]
    try:
        assert install_qt_translations("fr")
        assert QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        assert not install_qt_translations("pa")  # Qt has no Punjabi: English stays
        assert QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        install_qt_translations("en")
