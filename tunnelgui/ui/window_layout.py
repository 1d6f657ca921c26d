"""Remembering the main window's place, size, splitter and column widths between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from tunnelgui.settings import SettingsFile


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))


class WindowLayout:
    """The three widgets whose layout is kept, and the settings file it is kept in."""

    def __init__(
        self, settings: SettingsFile, window: QWidget, splitter: QSplitter, header: QHeaderView
    ) -> None:
        self._settings = settings
        self._window = window
        self._splitter = splitter
        self._header = header

    def restore(self) -> None:
        """Apply the saved layout; anything missing or unreadable keeps the defaults (Qt ignores
        state it cannot parse, so a damaged value costs nothing but the layout)."""
        saved = self._settings.settings
        if saved.window_geometry:
            self._window.restoreGeometry(_decode(saved.window_geometry))
        if saved.window_splitter:
            self._splitter.restoreState(_decode(saved.window_splitter))
        if saved.table_header:
            self._header.restoreState(_decode(saved.table_header))

    def save(self) -> None:
        self._settings.remember_layout(
            geometry=_encode(self._window.saveGeometry()),
            splitter=_encode(self._splitter.saveState()),
            header=_encode(self._header.saveState()),
        )
