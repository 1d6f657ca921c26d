"""run_app: the desktop app's entry point (`tunnelgui` without a subcommand)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tunnelgui import __version__

APP_NAME = "TunnelGUI"
DESKTOP_FILE_NAME = "io.github.tunnelgui.TunnelGUI"


def run_app(args: argparse.Namespace) -> int:
    """Open the main window for args.config_dir; returns the exit code when the app quits."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain("tunnelgui.github.io")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)

    # Imported after QApplication exists: widgets and icons need it.
    from tunnelgui.ui.app_session import AppSession
    from tunnelgui.ui.error_hook import ErrorReporter
    from tunnelgui.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    reporter = ErrorReporter(app)
    reporter.install()
    session = AppSession(getattr(args, "config_dir", None))
    app.aboutToQuit.connect(session.shutdown)
    previous_handlers = _quit_on_signals(app)
    # Python runs signal handlers only between its own bytecodes; while Qt's loop waits in C++,
    # this timer gives it a moment every half second (Ctrl+C and `kill` then quit cleanly).
    wake_timer = QTimer(app)
    wake_timer.timeout.connect(lambda: None)
    wake_timer.start(500)
    try:
        session.start(
            minimized=bool(getattr(args, "minimized", False)),
            explain_minimized=bool(getattr(args, "minimized", False)),
        )
        return app.exec()
    finally:
        wake_timer.stop()
        session.shutdown()
        reporter.uninstall()
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)


def _quit_on_signals(app: QApplication) -> dict[int, object]:
    """SIGINT/SIGTERM end the app like Quit does (tunnels stopped, sockets closed); exit(), as
    quit() could be cancelled by a window that hides to the tray on close."""
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        previous[number] = signal.signal(number, lambda *_: app.exit(0))
    return previous
