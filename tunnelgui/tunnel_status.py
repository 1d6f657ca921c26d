"""The state of one profile's tunnel as the app shows it (no Qt: shared by worker and widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TunnelState(StrEnum):
    STOPPED = "stopped"
    STARTING = "starting"
    LISTENING = "listening"
    STOPPING = "stopping"  # asked to stop; "stopped" follows once the listener is closed
    FAILED = "failed"  # could not start, or its listener broke; `error` says why


class TargetHealth(StrEnum):
    UNKNOWN = "unknown"
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class TunnelStatus:
    state: TunnelState = TunnelState.STOPPED
    error: str = ""  # a sentence a person can act on, when FAILED
    target: TargetHealth = TargetHealth.UNKNOWN
    target_error: str = ""  # why the target is down, when DOWN

    @property
    def running(self) -> bool:
        return self.state in (TunnelState.STARTING, TunnelState.LISTENING)

    def describe(self) -> str:
        """Short text for a status column or a menu entry."""
        if self.state is TunnelState.FAILED:
            return f"failed: {self.error}" if self.error else "failed"
        if self.state is TunnelState.LISTENING:
            if self.target is TargetHealth.DOWN:
                return "listening, target unreachable"
            if self.target is TargetHealth.UP:
                return "listening, target up"
            return "listening"
        return self.state.value
