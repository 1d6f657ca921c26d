"""The system tray icon: overall state, tooltip, menu, notifications and close-to-tray."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from tunnelgui.resource_paths import TrayState
from tunnelgui.tunnel_status import count_tunnels
from tunnelgui.ui.icons import tray_icon, tray_state_of
from tunnelgui.ui.notifications import TunnelNotifier
from tunnelgui.ui.shaping import shaped_names, tray_tooltip_line
from tunnelgui.ui.tray_menu import TrayMenu
from tunnelgui.ui.tray_summary import APP_TITLE, tooltip_text
from tunnelgui.ui.tunnel_control import TunnelControl

MESSAGE_MILLISECONDS = 10_000
# Waiting for a tray host that starts after the app: every 2 s for 3 minutes.
TRAY_POLL_MILLISECONDS = 2000
TRAY_POLL_ATTEMPTS = 90
# Qt platforms that never have a tray (tests, headless rendering).
SCREENLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


class TrayPreferences(Protocol):
    """The settings the tray reads when it needs them (they may change while the app runs)."""

    def close_to_tray(self) -> bool: ...

    def notifications(self) -> bool: ...

    def close_notice_shown(self) -> bool: ...

    def remember_close_notice_shown(self) -> None: ...


class TrayIcon(QObject):
    """Owns the QSystemTrayIcon. Create it only when a tray is available (see install_tray):
    Qt warns when an icon is made without one."""

    def __init__(
        self,
        control: TunnelControl,
        window: QWidget,
        preferences: TrayPreferences,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._control = control
        self._window = window
        self._preferences = preferences
        self._quitting = False
        self._state: TrayState | None = None

        self.tray = QSystemTrayIcon(self)
        self.tray.setObjectName("trayIcon")
        self.menu = TrayMenu(control, window_visible=self.window_shown)
        self.tray.setContextMenu(self.menu)
        self.menu.toggleWindowRequested.connect(self.toggle_window)
        self.menu.quitRequested.connect(self.quit)
        self.tray.activated.connect(self._on_activated)

        self.notifier = TunnelNotifier(control, enabled=preferences.notifications, parent=self)
        self.notifier.notify.connect(self.show_notification)

        changed = control.changed  # type: ignore[attr-defined]  # the implementation's signal
        changed.connect(self.refresh)
        changed.connect(self.menu.refresh_states)
        changed.connect(self.notifier.on_changed)
        window.installEventFilter(self)

        self.refresh()
        self.tray.show()

    @property
    def state(self) -> TrayState | None:
        return self._state

    def window_shown(self) -> bool:
        return self._window.isVisible() and not self._window.isMinimized()

    @Slot()
    def refresh(self) -> None:
        """Icon and tooltip from the controller; set only when they differ, since each update
        travels to the tray host (over D-Bus on many desktops)."""
        profiles = self._control.profiles()
        counts = count_tunnels(self._control.status(p.id) for p in profiles)
        state = tray_state_of(counts)
        if state is not self._state:
            self._state = state
            self.tray.setIcon(tray_icon(state))
        tooltip = tooltip_text(counts, self._control.total_rates())
        shaped = tray_tooltip_line(shaped_names(profiles, self._control.status))
        tooltip += f"\n{shaped}" if shaped else ""
        if tooltip != self.tray.toolTip():
            self.tray.setToolTip(tooltip)

    @Slot()
    def show_window(self) -> None:
        bring_to_front(self._window)

    @Slot()
    def hide_window(self) -> None:
        self._window.hide()

    @Slot()
    def toggle_window(self) -> None:
        if self.window_shown():
            self.hide_window()
        else:
            self.show_window()

    @Slot()
    def quit(self) -> None:
        """Stop every tunnel and leave; the app's shutdown (on aboutToQuit) ends the worker."""
        self._quitting = True
        self._control.stop_all()
        self.tray.hide()
        QCoreApplication.quit()

    @Slot(str, str, bool)
    def show_notification(self, title: str, body: str, critical: bool) -> None:
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if critical
            else QSystemTrayIcon.MessageIcon.Information
        )
        self.tray.showMessage(title, body, icon, MESSAGE_MILLISECONDS)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # Right click opens the context menu by itself. A double click arrives as a Trigger
        # (first click) then a DoubleClick: ending on "shown" whatever the first click did
        # is what people who double-click tray icons expect.
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()
        elif reason == QSystemTrayIcon.ActivationReason.DoubleClick:
            self.show_window()

    def hides_on_close(self) -> bool:
        return (
            not self._quitting
            and self._preferences.close_to_tray()
            and self.tray.isVisible()
            and QSystemTrayIcon.isSystemTrayAvailable()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only a close the user asks of the window manager (a spontaneous event) hides to the
        # tray. Closes the app makes itself (QApplication.quit(), which closes every window
        # first in Qt 6, or a shutdown path) go through, so no quit path needs to tell us.
        if (
            watched is self._window
            and event.type() == QEvent.Type.Close
            and event.spontaneous()
            and self.hides_on_close()
        ):
            event.ignore()
            self.hide_window()
            self._tell_about_close_to_tray_once()
            return True
        return super().eventFilter(watched, event)

    def _tell_about_close_to_tray_once(self) -> None:
        if self._preferences.close_notice_shown():
            return
        self.tray.showMessage(
            self.tr("TunnelGUI is still running"),
            self.tr(
                "Closing the window keeps your tunnels running. Click the tray icon to open the "
                "window again; choose Quit in its menu to stop all tunnels and exit."
            ),
            QSystemTrayIcon.MessageIcon.Information,
            MESSAGE_MILLISECONDS,
        )
        self._preferences.remember_close_notice_shown()


def bring_to_front(window: QWidget) -> None:
    """Show the window un-minimized, raised and focused (as far as the window manager allows)."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


class TrayWaiter(QObject):
    """Installs the tray once a tray host appears. Session autostart often launches apps before
    the panel that hosts the tray is up; without this they would stay trayless all day."""

    installed = Signal()  # the icon is in `tray` now

    def __init__(
        self,
        create: Callable[[], TrayIcon],
        parent: QObject | None = None,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        interval_ms: int = TRAY_POLL_MILLISECONDS,
        attempts: int = TRAY_POLL_ATTEMPTS,
    ) -> None:
        super().__init__(parent)
        self._create = create
        self._available = available
        self._attempts_left = attempts
        self.tray: TrayIcon | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _poll(self) -> None:
        self._attempts_left -= 1
        if self._available():
            self._timer.stop()
            self.tray = self._create()
            self.installed.emit()
        elif self._attempts_left <= 0:
            self._timer.stop()


def install_tray(
    control: TunnelControl,
    window: QWidget,
    preferences: TrayPreferences,
    parent: QObject | None = None,
) -> TrayIcon | None:
    """The tray icon, or None on a desktop without a tray (the app then works from its window
    alone, and closing the window quits). On a real screen, a tray host that shows up within
    the next minutes still gets the icon (a TrayWaiter child of `parent`)."""
    if QSystemTrayIcon.isSystemTrayAvailable():
        return TrayIcon(control, window, preferences, parent)
    if QGuiApplication.platformName() not in SCREENLESS_PLATFORMS:
        # Owned by a long-lived object, or Python would collect it at once.
        owner = parent if parent is not None else window
        TrayWaiter(partial(TrayIcon, control, window, preferences, parent), owner)
    return None


def show_initial_window(
    window: QWidget, tray: TrayIcon | None, minimized: bool, explain: bool = False
) -> None:
    """Show the window at launch, or start hidden in the tray. Without a tray there is nowhere to
    hide, so a minimized start iconifies the window instead (and says so on stderr when `explain`,
    i.e. when the user asked for --minimized on the command line)."""
    if not minimized:
        window.show()
        return
    if tray is not None:
        return
    if explain:
        text = QCoreApplication.translate(
            "TrayIcon",
            "this desktop has no system tray; starting with the window minimized instead.",
        )
        print(f"{APP_TITLE.lower()}: {text}", file=sys.stderr)
    window.showMinimized()
