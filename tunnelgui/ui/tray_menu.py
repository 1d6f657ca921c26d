"""The tray's menu: rebuilt from the controller each time it opens, so it is never stale."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from tunnelgui.engine.stats import TunnelStats
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus, count_tunnels
from tunnelgui.ui.shaping import shaped_entry
from tunnelgui.ui.tunnel_control import TunnelControl
from tunnelgui.ui.tunnel_marks import badges, tunnel_icon

WARNING_SIGN = "\u26a0"


def escape_mnemonic(text: str) -> str:
    """Qt reads "&" in action text as a shortcut marker; a profile named "R&D" must show as is."""
    return text.replace("&", "&&")


def entry_text(profile: Profile, status: TunnelStatus) -> str:
    name = escape_mnemonic(profile.name)
    if status.state is TunnelState.FAILED:
        return f"{WARNING_SIGN} " + QCoreApplication.translate(
            "TrayMenu", "{0} \u2014 failed"
        ).format(name)
    if status.state is TunnelState.STARTING:
        return QCoreApplication.translate("TrayMenu", "{0} \u2014 starting\u2026").format(name)
    if status.state is TunnelState.STOPPING:
        return QCoreApplication.translate("TrayMenu", "{0} \u2014 stopping\u2026").format(name)
    if status.running and status.target is TargetHealth.DOWN:
        return QCoreApplication.translate("TrayMenu", "{0} \u2014 target unreachable").format(name)
    return name


def entry_tooltip(profile: Profile, status: TunnelStatus, stats: TunnelStats | None = None) -> str:
    lines = [f"{profile.listen_address} \u2192 {profile.target_label}", status.describe()]
    if status.target is TargetHealth.DOWN and status.target_error:
        lines.append(status.target_error)
    lines += [badge.tooltip for badge in badges(profile, stats)]
    return "\n".join(lines)


def group_title(group: str, statuses: Iterable[TunnelStatus]) -> str:
    counts = count_tunnels(statuses)
    mark = f"{WARNING_SIGN} " if counts.failed else ""
    title = QCoreApplication.translate("TrayMenu", "{0} ({1}/{2} running)")
    return mark + title.format(escape_mnemonic(group), counts.running, counts.total)


def _by_name(profile: Profile) -> tuple[str, str]:
    return (profile.name.casefold(), profile.id)


class TrayMenu(QMenu):
    """Per profile a checkable entry (checked = running), profiles of a group in a submenu with
    "Start group"/"Stop group", then Start all, Stop all, Show/Hide window and Quit."""

    toggleWindowRequested = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        control: TunnelControl,
        window_visible: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trayMenu")
        self.setAccessibleName(self.tr("TunnelGUI tray menu"))
        self.setToolTipsVisible(True)
        self._control = control
        self._window_visible = window_visible
        self._submenus: list[QMenu] = []
        self._tunnel_actions: dict[str, QAction] = {}
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def tunnel_action(self, profile_id: str) -> QAction | None:
        return self._tunnel_actions.get(profile_id)

    def group_menus(self) -> list[QMenu]:
        return list(self._submenus)

    def find_action(self, object_name: str) -> QAction | None:
        """An action anywhere in the menu or its group submenus, by objectName."""
        for menu in (self, *self._submenus):
            for action in menu.actions():
                if action.objectName() == object_name:
                    return action
        return None

    @Slot()
    def rebuild(self) -> None:
        self.clear()
        # clear() leaves submenus alive (each owns its own menuAction): delete them explicitly.
        for submenu in self._submenus:
            submenu.deleteLater()
        self._submenus = []
        self._tunnel_actions = {}

        profiles = self._control.profiles()
        statuses = {profile.id: self._control.status(profile.id) for profile in profiles}
        if not profiles:
            empty = self.addAction(self.tr("No tunnels yet \u2014 add one in the window"))
            empty.setObjectName("trayNoTunnels")
            empty.setEnabled(False)

        groups: dict[str, list[Profile]] = {}
        for profile in profiles:
            if profile.group:
                groups.setdefault(profile.group, []).append(profile)
        for group in sorted(groups, key=str.casefold):
            members = sorted(groups[group], key=_by_name)
            self._add_group_menu(group, members, statuses)
        for profile in sorted((p for p in profiles if not p.group), key=_by_name):
            self._add_tunnel_action(self, profile, statuses[profile.id])

        self.addSeparator()
        any_running = any(status.running for status in statuses.values())
        any_stopped = any(not status.running for status in statuses.values())
        start_all = self._add_command("trayStartAll", self.tr("Start all"), self._control.start_all)
        start_all.setEnabled(any_stopped)
        stop_all = self._add_command("trayStopAll", self.tr("Stop all"), self._control.stop_all)
        stop_all.setEnabled(any_running)
        restart = self._add_command(
            "trayRestartRunning", self.tr("Restart all running"), self._control.restart_all_running
        )
        restart.setEnabled(any_running)
        check = self._add_command(
            "trayCheckNow", self.tr("Check targets now"), self._control.check_all_running
        )
        check.setEnabled(any_running)
        self.addSeparator()
        window_text = self.tr("Hide window") if self._window_visible() else self.tr("Show window")
        self._add_command("trayToggleWindow", window_text, self.toggleWindowRequested.emit)
        self._add_command("trayQuit", self.tr("Quit"), self.quitRequested.emit)

    @Slot()
    def refresh_states(self) -> None:
        """Update check marks and texts while the menu is open (a rebuild would make it jump);
        profiles added or removed meanwhile appear the next time it opens."""
        if not self.isVisible() and not any(menu.isVisible() for menu in self._submenus):
            return
        known = {profile.id: profile for profile in self._control.profiles()}
        for profile_id, action in self._tunnel_actions.items():
            profile = known.get(profile_id)
            if profile is not None:
                self._show_status(action, profile, self._control.status(profile_id))

    def _add_group_menu(
        self, group: str, members: list[Profile], statuses: dict[str, TunnelStatus]
    ) -> None:
        member_statuses = [statuses[profile.id] for profile in members]
        submenu = QMenu(group_title(group, member_statuses), self)
        submenu.setObjectName(f"trayGroup:{group}")
        submenu.setAccessibleName(self.tr("Group {0}").format(group))
        submenu.setToolTipsVisible(True)
        self._submenus.append(submenu)
        self.addMenu(submenu)
        ids = [profile.id for profile in members]
        start = submenu.addAction(self.tr("Start group"))
        start.setObjectName(f"trayStartGroup:{group}")
        start.setData(ids)
        start.setEnabled(any(not status.running for status in member_statuses))
        start.triggered.connect(self._on_start_group)
        stop = submenu.addAction(self.tr("Stop group"))
        stop.setObjectName(f"trayStopGroup:{group}")
        stop.setData(ids)
        stop.setEnabled(any(status.running for status in member_statuses))
        stop.triggered.connect(self._on_stop_group)
        submenu.addSeparator()
        for profile in members:
            self._add_tunnel_action(submenu, profile, statuses[profile.id])

    def _add_tunnel_action(self, menu: QMenu, profile: Profile, status: TunnelStatus) -> None:
        action = menu.addAction(entry_text(profile, status))
        action.setObjectName(f"trayTunnel:{profile.id}")
        action.setData(profile.id)
        action.setCheckable(True)
        self._show_status(action, profile, status)
        action.triggered.connect(self._on_tunnel_triggered)
        self._tunnel_actions[profile.id] = action

    def _add_command(self, name: str, text: str, slot: Callable[[], object]) -> QAction:
        action = self.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _show_status(self, action: QAction, profile: Profile, status: TunnelStatus) -> None:
        # The state's dot says more than the check mark (listening, target down, failed...).
        action.setIcon(tunnel_icon(status))
        action.setIconVisibleInMenu(True)
        stats = self._control.running_stats(profile.id)
        text, tooltip = entry_text(profile, status), entry_tooltip(profile, status, stats)
        text, tooltip = shaped_entry(text, tooltip, profile, status)
        action.setText(text)
        action.setToolTip(tooltip)
        action.setChecked(status.running)

    # One slot per kind of entry; the entry's data says which tunnels it is about.
    @Slot(bool)
    def _on_tunnel_triggered(self, checked: bool) -> None:
        profile_id = self.sender().data()
        if checked:
            self._control.start([profile_id])
        else:
            self._control.stop([profile_id])

    @Slot()
    def _on_start_group(self) -> None:
        self._control.start(list(self.sender().data()))

    @Slot()
    def _on_stop_group(self) -> None:
        self._control.stop(list(self.sender().data()))
