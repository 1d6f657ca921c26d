"""Remembering the main window's place, size, splitter and column widths between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from tunnelgui.settings import SettingsFile
from tunnelgui.ui.column_fit import ColumnFitter


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))


# The header's saved state is followed by the columns the user sized ("STATE|0,3"): the other
# widths follow the window's width (ColumnFitter). "|" never occurs in base64.
_USER_SIZED = "|"


def _columns_of(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


class WindowLayout:
    """The three widgets whose layout is kept, and the settings file it is kept in."""

    def __init__(
        self,
        settings: SettingsFile,
        window: QWidget,
        splitter: QSplitter,
        header: QHeaderView,
        columns: ColumnFitter | None = None,
    ) -> None:
        self._settings = settings
        self._window = window
        self._splitter = splitter
        self._header = header
        self._columns = columns

    def restore(self) -> None:
        """Apply the saved layout; anything missing or unreadable keeps the defaults (Qt ignores
        state it cannot parse, so a damaged value costs nothing but the layout)."""
        saved = self._settings.settings
        if saved.window_geometry:
            self._window.restoreGeometry(_decode(saved.window_geometry))
        if saved.window_splitter:
            self._splitter.restoreState(_decode(saved.window_splitter))
        if saved.table_header:
            state, _, user_sized = saved.table_header.partition(_USER_SIZED)
            if self._columns is None:
                self._header.restoreState(_decode(state))
                return
            with self._columns.restoring(_columns_of(user_sized)):
                self._header.restoreState(_decode(state))

    def _header_text(self) -> str:
        text = _encode(self._header.saveState())
        if self._columns is not None and self._columns.user_sized:
            text += _USER_SIZED + ",".join(str(c) for c in sorted(self._columns.user_sized))
        return text

    def save(self) -> None:
        self._settings.remember_layout(
            geometry=_encode(self._window.saveGeometry()),
            splitter=_encode(self._splitter.saveState()),
            header=self._header_text(),
        )
