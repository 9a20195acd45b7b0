"""Qt's own strings (file dialog buttons, context menus) in the kiosk's language.

Qt ships ``qtbase_<locale>.qm`` for some languages; the pack's codes are mapped onto them
(``zh-Hans`` -> ``zh_CN``, ``zh-Hant`` -> ``zh_TW``) and a regional catalog falls back to the
bare language. Languages Qt has no catalog for keep Qt's English.
"""

from __future__ import annotations

from ui.qt import QtCore, QtWidgets

QT_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "pt": "pt_BR"}

_installed: QtCore.QTranslator | None = None


def qt_catalog_names(language: str) -> list[str]:
    """Names to try, most specific first: ``zh-Hant`` -> ``zh_TW``, ``zh``."""
    name = QT_LOCALES.get(language, language.replace("-", "_"))
    names = [name]
    if "_" in name:
        names.append(name.split("_", 1)[0])
    return names


def install_qt_translations(language: str) -> bool:
    """Make Qt's own strings speak ``language``; False when Qt has no catalog for it."""
    global _installed
    app = QtWidgets.QApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QtCore.QTranslator(app)
    for name in qt_catalog_names(language):
        if translator.load(f"qtbase_{name}", folder):
            app.installTranslator(translator)
            _installed = translator
            return True
    return False
