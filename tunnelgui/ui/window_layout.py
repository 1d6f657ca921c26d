"""Remembering the main window's place, size, splitter and column widths between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

if TYPE_CHECKING:
    from tunnelgui.settings import SettingsFile
    from tunnelgui.ui.main_window import MainWindow


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))


def restore_layout(window: MainWindow, settings: SettingsFile) -> None:
    """Apply the saved layout; anything missing or unreadable keeps the defaults (Qt ignores
    state it cannot parse, so a damaged value costs nothing but the layout)."""
    saved = settings.settings
    if saved.window_geometry:
        window.restoreGeometry(_decode(saved.window_geometry))
    if saved.window_splitter:
        window.splitter.restoreState(_decode(saved.window_splitter))
    if saved.table_header:
        window.table.horizontalHeader().restoreState(_decode(saved.table_header))


def save_layout(window: MainWindow, settings: SettingsFile) -> None:
    settings.remember_layout(
        geometry=_encode(window.saveGeometry()),
        splitter=_encode(window.splitter.saveState()),
        header=_encode(window.table.horizontalHeader().saveState()),
    )
