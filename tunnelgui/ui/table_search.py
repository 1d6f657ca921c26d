"""The tunnels filter: a search box that Esc clears, and a line that says when nothing matches."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from tunnelgui.ui.naming import name_widget


class SearchBox(QLineEdit):
    """Esc clears the text (a second Esc, on an empty box, is left to the window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "searchBox", self.tr("Filter tunnels"))
        self.setPlaceholderText(self.tr("Filter by name, group, address, state\u2026"))
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class NoMatchHint(QLabel):
    """Shown while the filter hides every row of a table that has rows: an empty table would
    otherwise look like lost tunnels."""

    def __init__(self, proxy: QSortFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "noMatchHint", self.tr("No tunnels match the filter"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._proxy = proxy
        self._text = ""
        for signal in (
            proxy.rowsInserted,
            proxy.rowsRemoved,
            proxy.modelReset,
            proxy.layoutChanged,
        ):
            signal.connect(self.refresh)
        self.hide()

    def set_filter_text(self, text: str) -> None:
        self._text = text
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        source = self._proxy.sourceModel()
        hidden_all = (
            bool(self._text)
            and self._proxy.rowCount() == 0
            and source is not None
            and source.rowCount() > 0
        )
        if hidden_all:
            self.setText(
                self.tr(
                    "No tunnels match \u201c{0}\u201d. "
                    "Press Esc in the filter box to show them all."
                ).format(self._text)
            )
        self.setVisible(hidden_all)
