"""run_app: the desktop app's entry point (`tunnelgui` without a subcommand)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tunnelgui import __version__, paths
from tunnelgui.ui.single_instance import InstanceError, SingleInstance

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
    config_dir = getattr(args, "config_dir", None)
    minimized = bool(getattr(args, "minimized", False))

    # A second launch for the same config folder hands over to the running app instead of
    # opening the profiles file twice.
    instance = SingleInstance(paths.config_dir(config_dir))
    try:
        if not instance.acquire():
            return 0  # the running app was asked to show its window
    except InstanceError as error:
        print(f"tunnelgui: {error}", file=sys.stderr)
        return 1

    # Imported after QApplication exists: widgets and icons need it.
    from tunnelgui.ui.app_session import AppSession
    from tunnelgui.ui.error_hook import ErrorReporter
    from tunnelgui.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    reporter = ErrorReporter(app)
    reporter.install()
    previous_handlers = _quit_on_signals(app)
    # Python runs signal handlers only between its own bytecodes; while Qt's loop waits in C++,
    # this timer gives it a moment every half second (Ctrl+C and `kill` then quit cleanly).
    wake_timer = QTimer(app)
    wake_timer.timeout.connect(lambda: None)
    wake_timer.start(500)
    session = None
    try:
        session = AppSession(config_dir)
        app.aboutToQuit.connect(session.shutdown)
        instance.raise_on_request(session.window)
        session.start(minimized=minimized, explain_minimized=minimized)
        return app.exec()
    finally:
        wake_timer.stop()
        if session is not None:
            session.shutdown()
        instance.release()
        reporter.uninstall()
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)


def _quit_on_signals(app: QApplication) -> dict[int, Any]:
    """SIGINT/SIGTERM end the app like Quit does (tunnels stopped, sockets closed); exit(), as
    quit() could be cancelled by a window that hides to the tray on close."""
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        previous[number] = signal.signal(number, lambda *_: app.exit(0))
    return previous
