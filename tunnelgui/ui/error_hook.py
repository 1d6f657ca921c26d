"""A sys.excepthook for the GUI: log the traceback, show a short message, keep running."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("tunnelgui")


class ErrorReporter(QObject):
    """Installed as sys.excepthook: a bug in a slot becomes one readable message box, never a
    crash and never a traceback in a dialog. While the box is open, further errors are only
    logged, so a failing timer cannot flood the screen.

    The one box is made once and kept: a parentless dialog deleted on close while Python still
    held it would be freed twice when the app quits with the box open.
    """

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
            QApplication.exit(130)
            return
        log.error("Unexpected error", exc_info=(kind, error, traceback))
        summary = f"{kind.__name__}: {error}" if str(error) else kind.__name__
        self.reported.append(summary)
        if QApplication.instance() is None or (self._box is not None and self._box.isVisible()):
            return
        if self._box is None:
            self._box = QMessageBox(
                QMessageBox.Icon.Warning,
                "TunnelGUI",
                self.tr(
                    "Something went wrong inside TunnelGUI. Your tunnels keep running and your "
                    "profiles are safe."
                ),
                QMessageBox.StandardButton.Ok,
            )
            self._box.setObjectName("unexpectedErrorBox")
        more = self.tr("The details were written to the log.")
        self._box.setInformativeText(f"{summary}\n\n{more}")
        self._box.open()

    @property
    def box(self) -> QMessageBox | None:
        return self._box
