"""AppSession: builds the app's objects for one config folder and tears them down in order."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Slot

from tunnelgui import paths
from tunnelgui.profiles.store import ProfileStore, StoreError
from tunnelgui.settings import SettingsFile
from tunnelgui.ui.askpass_dialog import AskpassDialogs
from tunnelgui.ui.color_scheme import color_scheme
from tunnelgui.ui.controller import TunnelController
from tunnelgui.ui.main_window import MainWindow
from tunnelgui.ui.network_watch import NetworkWatcher
from tunnelgui.ui.profiles_watch import ProfilesFileWatcher
from tunnelgui.ui.translations import install_translators
from tunnelgui.ui.tray import TrayIcon, install_tray, show_initial_window
from tunnelgui.worker import TunnelWorker

log = logging.getLogger(__name__)


def open_store(path: Path) -> tuple[ProfileStore, str]:
    """The store, and why it is read-only ("" when it is not).

    A file this version cannot read (written by a newer TunnelGUI, or unreadable) is left exactly
    as it is: the app then runs with no profiles and every change refused, so nothing can ever
    overwrite it.
    """
    try:
        return ProfileStore.open(path), ""
    except StoreError as error:
        log.warning("Profiles opened read-only: %s", error)
        reason = QCoreApplication.translate(
            "AppSession",
            "{0} TunnelGUI is running without these profiles and will not change the file "
            "(adding, editing and importing are turned off).",
        ).format(error)
        # A store that was never loaded holds no profiles; the controller refuses every change.
        return ProfileStore(path), reason


class AppSession(QObject):
    """Store + settings + worker + controller + main window, and the tray when the desktop has
    one (tunnelgui/ui/tray.py)."""

    def __init__(self, config_dir: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appSession")
        self.settings = SettingsFile(paths.settings_path(config_dir))
        # Before the first widget: each takes its text in the language installed when built.
        self.language = install_translators(self.settings.settings.language)
        # Before any widget: the first paint is already in the chosen colours.
        color_scheme().apply(self.settings.settings.color_scheme)
        store, read_only_reason = open_store(paths.profiles_path(config_dir))
        self.worker = TunnelWorker(self)
        self.worker.ssh_config = lambda: self.settings.settings.ssh_config
        self.controller = TunnelController(
            store, self.worker, self, read_only_reason=read_only_reason
        )
        self.window = MainWindow(self.controller, self.settings)
        self.askpass = AskpassDialogs(self.window)
        self.worker.askpass = self.askpass.program
        for notice in store.notices:
            self.window.notices.add(notice)
        if self.settings.notice:
            self.window.notices.add(self.settings.notice)
        self.profiles_watch = ProfilesFileWatcher(self.controller, self)
        self.tray: TrayIcon | None = None
        self.network_watch: NetworkWatcher | None = None
        self._closed = False

    def start(self, minimized: bool = False, explain_minimized: bool = False) -> None:
        """Start the engine, the autostart tunnels, the tray; then show (or hide) the window."""
        self.worker.start_engine()
        self.network_watch = NetworkWatcher(self)
        self.network_watch.changed.connect(self.controller.network_changed)
        if self.settings.settings.start_autostart_tunnels:
            self.controller.start_autostart()
        self.tray = install_tray(self.controller, self.window, self.settings, self)
        minimized = minimized or self.settings.settings.start_minimized
        show_initial_window(self.window, self.tray, minimized, explain_minimized)

    @Slot()
    def shutdown(self) -> None:
        """Stop every tunnel and end the worker's threads (bounded to about 2 s)."""
        if self._closed:
            return
        self._closed = True
        self.profiles_watch.stop()
        if self.network_watch is not None:
            self.network_watch.stop()
        self.window.layout_memory.save()
        self.controller.shutdown()
        self.askpass.close()
        self.window.close()
