"""The state of one profile's tunnel as the app shows it (no Qt: shared by worker and widgets)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tunnelgui.engine.states import HopState, TargetHealth, TunnelState

__all__ = ["TargetHealth", "TunnelCounts", "TunnelState", "TunnelStatus", "count_tunnels"]


@dataclass(frozen=True, slots=True)
class TunnelStatus:
    state: TunnelState = TunnelState.STOPPED
    error: str = ""  # a sentence a person can act on, when FAILED
    target: TargetHealth = TargetHealth.UNKNOWN
    target_error: str = ""  # why the target is down, when DOWN
    # LISTENING only: the listen host it waits for (not an address of this machine yet).
    waiting_for: str = ""
    hop: HopState | None = None  # the SSH hop's state, for a tunnel that has one
    hop_error: str = ""  # ssh's reason, while the hop is down

    @property
    def hop_down(self) -> bool:
        return self.hop in (HopState.RECONNECTING, HopState.FAILED)

    @property
    def running(self) -> bool:
        return self.state in (TunnelState.STARTING, TunnelState.LISTENING)

    @property
    def stoppable(self) -> bool:
        """Stop applies: to a running tunnel, and to a failed one (it clears the error)."""
        return self.running or self.state is TunnelState.FAILED

    def describe(self) -> str:
        """Short text for a status column or a menu entry."""
        if self.state is TunnelState.FAILED:
            return f"failed: {self.error}" if self.error else "failed"
        if self.state is TunnelState.LISTENING:
            if self.waiting_for:
                return f"waiting for {self.waiting_for}"
            if self.hop is HopState.CONNECTING:
                return "listening, connecting to SSH"
            if self.hop_down:
                again = "; reconnecting" if self.hop is HopState.RECONNECTING else ""
                return f"listening, SSH failed: {self.hop_error}{again}"
            if self.hop is HopState.READY and self.target is TargetHealth.DOWN:
                return "listening, target unreachable from the SSH server"
            if self.hop is HopState.READY and self.target is TargetHealth.UNKNOWN:
                return "listening, SSH ready"
            if self.target is TargetHealth.DOWN:
                return "listening, target unreachable"
            if self.target is TargetHealth.UP:
                return "listening, target up"
            return "listening"
        return self.state.value


@dataclass(frozen=True, slots=True)
class TunnelCounts:
    total: int = 0
    running: int = 0
    failed: int = 0
    target_down: int = 0  # running tunnels whose target (or SSH hop) is unreachable
    waiting: int = 0  # running tunnels waiting for their listen address to come up


def count_tunnels(statuses: Iterable[TunnelStatus]) -> TunnelCounts:
    total = running = failed = target_down = waiting = 0
    for status in statuses:
        total += 1
        if status.state is TunnelState.FAILED:
            failed += 1
        elif status.running:
            running += 1
            if status.target is TargetHealth.DOWN or status.hop_down:
                target_down += 1
            if status.waiting_for:
                waiting += 1
    return TunnelCounts(total, running, failed, target_down, waiting)
