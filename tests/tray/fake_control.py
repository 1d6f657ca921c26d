"""An in-memory TunnelControl for menu and notification tests that need states (failed, target
down) no real tunnel can be told to take on cue. Tests that start tunnels use the real engine."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus


class FakeControl(QObject):
    changed = Signal()

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        super().__init__()
        self._profiles = list(profiles)
        self._statuses: dict[str, TunnelStatus] = {}
        self.rates = (0.0, 0.0)
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def status(self, profile_id: str) -> TunnelStatus:
        return self._statuses.get(profile_id, TunnelStatus())

    def running_stats(self, profile_id: str) -> None:
        return None  # no engine: no bound addresses, no numbers

    def start(self, profile_ids: Iterable[str]) -> None:
        ids = tuple(profile_ids)
        self.calls.append(("start", ids))
        for profile_id in ids:
            self._statuses[profile_id] = TunnelStatus(TunnelState.LISTENING)
        self.changed.emit()

    def stop(self, profile_ids: Iterable[str]) -> None:
        ids = tuple(profile_ids)
        self.calls.append(("stop", ids))
        for profile_id in ids:
            self._statuses[profile_id] = TunnelStatus()
        self.changed.emit()

    def start_all(self) -> None:
        self.calls.append(("start_all", ()))
        for profile in self._profiles:
            self._statuses[profile.id] = TunnelStatus(TunnelState.LISTENING)
        self.changed.emit()

    def stop_all(self) -> None:
        self.calls.append(("stop_all", ()))
        self._statuses.clear()
        self.changed.emit()

    def check_all_running(self) -> None:
        self.calls.append(("check_all_running", ()))

    def restart_all_running(self) -> None:
        self.calls.append(("restart_all_running", ()))

    def total_rates(self) -> tuple[float, float]:
        return self.rates

    # Test helpers: put a tunnel into a state, as the worker would report it.
    def add(self, profile: Profile) -> None:
        self._profiles.append(profile)
        self.changed.emit()

    def set_status(self, profile_id: str, status: TunnelStatus, emit: bool = True) -> None:
        self._statuses[profile_id] = status
        if emit:
            self.changed.emit()

    def fail(self, profile_id: str, error: str) -> None:
        self.set_status(profile_id, TunnelStatus(TunnelState.FAILED, error=error))

    def target(self, profile_id: str, health: TargetHealth, error: str = "") -> None:
        self.set_status(
            profile_id, TunnelStatus(TunnelState.LISTENING, target=health, target_error=error)
        )


class MemoryPreferences:
    """TrayPreferences kept in memory."""

    def __init__(self, close_to_tray: bool = True, notifications: bool = True) -> None:
        self.close_to_tray_value = close_to_tray
        self.notifications_value = notifications
        self.notice_shown = False

    def close_to_tray(self) -> bool:
        return self.close_to_tray_value

    def notifications(self) -> bool:
        return self.notifications_value

    def close_notice_shown(self) -> bool:
        return self.notice_shown

    def remember_close_notice_shown(self) -> None:
        self.notice_shown = True
