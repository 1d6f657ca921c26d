"""TunnelControl: what views such as the tray need from the app's controller."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from tunnelgui.engine.stats import TunnelStats
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelStatus


class TunnelControl(Protocol):
    """Implemented by the GUI's controller (a QObject living on the GUI thread).

    The implementation also has a Qt signal `changed` (no arguments), emitted when profiles,
    tunnel states or rates change, at most a few times a second.
    """

    def profiles(self) -> list[Profile]: ...

    def status(self, profile_id: str) -> TunnelStatus: ...

    def running_stats(self, profile_id: str) -> TunnelStats | None:
        """The latest numbers of a running tunnel (its bound address); None otherwise."""
        ...

    def start(self, profile_ids: Iterable[str]) -> None: ...

    def stop(self, profile_ids: Iterable[str]) -> None: ...

    def start_all(self) -> None: ...

    def stop_all(self) -> None: ...

    def check_all_running(self) -> None:
        """Probe the target of every running tunnel now."""
        ...

    def restart_all_running(self) -> None:
        """Restart every running tunnel; stopped ones stay stopped."""
        ...

    def total_rates(self) -> tuple[float, float]:
        """Current bytes/s summed over all tunnels: (to targets, to clients)."""
        ...
