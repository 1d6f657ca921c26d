"""run_app: the desktop app's entry point (`tunnelgui` without a subcommand)."""

from __future__ import annotations

import argparse
import logging
import sys

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
    from tunnelgui.ui.app_icon import application_icon
    from tunnelgui.ui.app_session import AppSession
    from tunnelgui.ui.error_hook import ErrorReporter

    app.setWindowIcon(application_icon())
    reporter = ErrorReporter(app)
    reporter.install()
    session = AppSession(getattr(args, "config_dir", None))
    app.aboutToQuit.connect(session.shutdown)
    try:
        session.start(
            minimized=bool(getattr(args, "minimized", False)),
            explain_minimized=bool(getattr(args, "minimized", False)),
        )
        return app.exec()
    finally:
        session.shutdown()
        reporter.uninstall()
