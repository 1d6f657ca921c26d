"""The import and export file dialogs: where they open, what they list, and the folder they
remember (the user's home first, then the last folder used; never the process's folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir
from PySide6.QtWidgets import QFileDialog, QWidget

# Every format import reads; an OpenSSH config usually has no extension at all.
# Translated where shown (the patterns in brackets stay as they are).
IMPORT_FILTERS = (
    QT_TRANSLATE_NOOP(
        "FileDialogs", "Profiles and configs (*.json *.conf config ssh_config *.ssh_config)"
    ),
    QT_TRANSLATE_NOOP("FileDialogs", "TunnelGUI profiles (*.json)"),
    QT_TRANSLATE_NOOP("FileDialogs", "Toxiproxy config (*.json)"),
    QT_TRANSLATE_NOOP("FileDialogs", "rinetd config (*.conf)"),
    QT_TRANSLATE_NOOP("FileDialogs", "OpenSSH config (config ssh_config *.ssh_config)"),
    QT_TRANSLATE_NOOP("FileDialogs", "All files (*)"),
)
EXPORT_FILTERS = (
    QT_TRANSLATE_NOOP("FileDialogs", "TunnelGUI profiles (*.json)"),
    QT_TRANSLATE_NOOP("FileDialogs", "All files (*)"),
)


def _filters(filters: tuple[str, ...]) -> list[str]:
    return [QCoreApplication.translate("FileDialogs", text) for text in filters]


EXPORT_FILE_NAME = "tunnelgui-profiles.json"


class FolderMemory:
    """The folder the next dialog opens in: home until a file is chosen, then its folder (if it
    still exists)."""

    def __init__(self) -> None:
        self._last: Path | None = None

    def folder(self) -> Path:
        if self._last is not None and self._last.is_dir():
            return self._last
        return Path.home()

    def remember(self, chosen: Path) -> None:
        self._last = chosen.parent


# One memory for the session: an import and the next export go to the same place.
FOLDERS = FolderMemory()


def import_dialog(parent: QWidget | None, folder: Path) -> QFileDialog:
    title = QCoreApplication.translate("FileDialogs", "Import profiles")
    dialog = QFileDialog(parent, title, str(folder))
    dialog.setObjectName("importFileDialog")
    dialog.setAccessibleName(title)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setNameFilters(_filters(IMPORT_FILTERS))
    # ssh configs live in ~/.ssh: hidden folders must show. Qt's own dialog honours that
    # everywhere (a desktop's native dialog keeps its own setting), so it is used here.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFilter(dialog.filter() | QDir.Filter.Hidden)
    return dialog


def export_dialog(parent: QWidget | None, folder: Path) -> QFileDialog:
    title = QCoreApplication.translate("FileDialogs", "Export profiles")
    dialog = QFileDialog(parent, title, str(folder / EXPORT_FILE_NAME))
    dialog.setObjectName("exportFileDialog")
    dialog.setAccessibleName(title)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters(_filters(EXPORT_FILTERS))
    dialog.setDefaultSuffix("json")
    return dialog


def _ask(dialog: QFileDialog, memory: FolderMemory) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        chosen = Path(dialog.selectedFiles()[0])
    finally:
        dialog.deleteLater()
    memory.remember(chosen)
    return chosen


def ask_import_path(parent: QWidget | None, memory: FolderMemory | None = None) -> Path | None:
    """The file to import, or None when cancelled."""
    memory = memory or FOLDERS
    return _ask(import_dialog(parent, memory.folder()), memory)


def ask_export_path(
    parent: QWidget | None, title: str = "", memory: FolderMemory | None = None
) -> Path | None:
    """The file to export to, or None when cancelled (the dialog asks before overwriting).
    title: what is exported ("Export 3 profiles"), for the dialog's title."""
    memory = memory or FOLDERS
    dialog = export_dialog(parent, memory.folder())
    if title:
        dialog.setWindowTitle(title)
    return _ask(dialog, memory)
