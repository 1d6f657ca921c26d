"""A sys.excepthook for the GUI: log the traceback, show a short message, keep running."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("tunnelgui")


class ErrorReporter(QObject):
    """Installed as sys.excepthook: a bug in a slot becomes one readable message box, never a
    crash and never a traceback in a dialog. While one box is open, further errors are only
    logged, so a failing timer cannot flood the screen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorReporter")
        self._box: QMessageBox | None = None
        self._previous = sys.excepthook
        self.reported: list[str] = []

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("Unexpected error", exc_info=(kind, error, traceback))
        summary = f"{kind.__name__}: {error}" if str(error) else kind.__name__
        self.reported.append(summary)
        if self._box is not None or QApplication.instance() is None:
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "TunnelGUI",
            "Something went wrong inside TunnelGUI. Your tunnels keep running and your "
            "profiles are safe.",
            QMessageBox.StandardButton.Ok,
            parent if isinstance(parent, QWidget) else None,
        )
        box.setObjectName("unexpectedErrorBox")
        box.setInformativeText(f"{summary}\n\nThe details were written to the log.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_closed)
        self._box = box
        box.open()

    @Slot()
    def _on_closed(self) -> None:
        self._box = None
