"""QIcons for the app, the tray states and the toolbar actions, built from the shipped files."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from tunnelgui.resource_paths import (
    APP_ICON_SIZES,
    APP_ICON_SVG,
    TrayState,
    action_icon_name,
    app_icon_png,
    resource_path,
    tray_icon_name,
)
from tunnelgui.tunnel_status import TunnelCounts


def app_icon() -> QIcon:
    """The application icon: the rendered PNG sizes, and the SVG for every other size."""
    icon = QIcon()
    for size in APP_ICON_SIZES:
        icon.addFile(str(resource_path(app_icon_png(size))), QSize(size, size))
    icon.addFile(str(resource_path(APP_ICON_SVG)))
    return icon


def tray_icon(state: TrayState | str) -> QIcon:
    """The tray icon for one overall state ("idle", "active", "warning", "error")."""
    return QIcon(str(resource_path(tray_icon_name(state))))


def action_icon(name: str) -> QIcon:
    """A toolbar/menu icon: add, edit, duplicate, delete, start, stop, start-all, stop-all,
    import, export."""
    return QIcon(str(resource_path(action_icon_name(name))))


def tray_state_of(counts: TunnelCounts) -> TrayState:
    """The overall state the tray shows for all tunnels: a failure beats an unreachable target,
    which beats running, which beats idle."""
    if counts.failed:
        return TrayState.ERROR
    if counts.target_down:
        return TrayState.WARNING
    return TrayState.ACTIVE if counts.running else TrayState.IDLE
