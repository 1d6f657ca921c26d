"""The window's language: Qt translators for our .qm catalog and Qt's own (standard buttons).

Installed once at startup, before any widget exists, for the language of the setting ("" = the
system's, as tunnelgui.i18n reads it). The same choice goes to tunnelgui.i18n, so the sentences
the window takes from lower floors (gettext) are in the same language. A missing catalog means
English, never an error.

English is the source language, but it has a catalog too: tunnelgui_en.qm holds only the plural
forms ("%n tunnel(s)" -> "1 tunnel" / "2 tunnels"), as Qt's plurals expect.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from tunnelgui import i18n
from tunnelgui.resource_paths import (
    ResourceNotFoundError,
    resources_root,
    window_translation_name,
)

log = logging.getLogger(__name__)

QT_CATALOG = "qtbase"  # Qt's standard dialogs and buttons ("OK", "Cancel")

# Kept alive here: a translator collected by Python would vanish from the application.
_installed: list[QTranslator] = []
# What _installed answers: (language asked for, catalog folder) -> the language used.
_installed_for: tuple[tuple[str, str], str] | None = None


def catalog_folder() -> Path | None:
    try:
        return resources_root() / Path(window_translation_name("en")).parent
    except ResourceNotFoundError:
        return None


def catalog_path(language: str) -> Path | None:
    folder = catalog_folder()
    return None if folder is None else folder / Path(window_translation_name(language)).name


def _load(folder: str, name: str) -> QTranslator | None:
    translator = QTranslator()
    if translator.load(name, folder):
        return translator
    return None


def _ours(language: str) -> QTranslator | None:
    path = catalog_path(language)
    return None if path is None else _load(str(path.parent), path.name)


def install_translators(language: str = "") -> str:
    """Use `language` ("" = the system's) for the window and for gettext text; returns the
    language now used ("en" when there is no catalog for it). Call after the QApplication is
    made and before any widget: widgets take their text when they are built."""
    global _installed_for
    app = QCoreApplication.instance()
    assert app is not None, "make the QApplication first"
    chosen = i18n.wanted_language(language)
    wanted = (chosen, str(catalog_folder()))
    if _installed_for is not None and _installed_for[0] == wanted:
        # Installing a translator tells every widget the language changed; not for nothing.
        i18n.set_language(_installed_for[1])
        return _installed_for[1]
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    translator = _ours(chosen)
    if translator is None and chosen != "en":
        log.info("No translation of the window for %s; using English", chosen)
        chosen = "en"
        translator = _ours(chosen)
    if translator is not None:
        _installed.append(translator)
    if chosen != "en":
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_translator = _load(qt_folder, f"{QT_CATALOG}_{chosen}")
        if qt_translator is not None:
            _installed.append(qt_translator)
    for translator in _installed:
        app.installTranslator(translator)
    _installed_for = (wanted, chosen)
    i18n.set_language(chosen)
    return chosen
