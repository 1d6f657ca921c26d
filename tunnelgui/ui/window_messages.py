"""WindowMessages: the main window's message and question boxes, one open at a time."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class WindowMessages(QObject):
    """Window-modal boxes that do not block the event loop, so tests (and the app's timers)
    keep running while one is open; `current` is the box on screen, or None."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.current: QMessageBox | None = None

    def show(
        self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning
    ) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("messageBox")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open(box)
        return box

    def open(self, box: QMessageBox) -> None:
        """Open a box made elsewhere (a question) as the current one; it deletes itself when
        answered."""
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(partial(self._closed, box))
        self.current = box
        box.open()

    def _closed(self, box: QMessageBox, _result: int = 0) -> None:
        # A flow may open its next box while this one is finishing: keep that one current.
        if self.current is box:
            self.current = None
