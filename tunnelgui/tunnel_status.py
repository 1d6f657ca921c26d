"""The state of one profile's tunnel as the app shows it (no Qt: shared by worker and widgets)."""

from __future__ import annotations

from collections.abc import Iterable

from tunnelgui.engine.states import HopState, TargetHealth, TunnelState
from tunnelgui.engine.values import Value
from tunnelgui.i18n import N_, _

__all__ = [
    "TargetHealth",
    "TunnelCounts",
    "TunnelState",
    "TunnelStatus",
    "count_tunnels",
    "hop_word",
    "state_word",
    "target_word",
]

# The engine's state values are English words; these are the same words for the catalog.
_STATE_WORDS = {
    TunnelState.STOPPED: N_("stopped"),
    TunnelState.STARTING: N_("starting"),
    TunnelState.LISTENING: N_("listening"),
    TunnelState.STOPPING: N_("stopping"),
    TunnelState.FAILED: N_("failed"),
}
_TARGET_WORDS = {
    TargetHealth.UNKNOWN: N_("unknown"),
    TargetHealth.UP: N_("up"),
    TargetHealth.DOWN: N_("down"),
}
_HOP_WORDS = {
    HopState.CONNECTING: N_("connecting to SSH"),
    HopState.READY: N_("SSH ready"),
    HopState.RECONNECTING: N_("SSH reconnecting"),
    HopState.FAILED: N_("SSH failed"),
}


def state_word(state: TunnelState) -> str:
    """ "listening", "failed", ... in the user's language."""
    return _(_STATE_WORDS.get(state, str(state)))


def target_word(health: TargetHealth) -> str:
    """ "up", "down", "unknown" in the user's language."""
    return _(_TARGET_WORDS.get(health, str(health)))


def hop_word(state: HopState | str) -> str:
    """An SSH hop's state ("SSH ready", ...) in the user's language."""
    return _(_HOP_WORDS.get(state, str(state)))  # type: ignore[call-overload]


class TunnelStatus(Value):
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
            if self.error:
                return _("failed: {reason}").format(reason=self.error)
            return _("failed")
        if self.state is TunnelState.LISTENING:
            if self.waiting_for:
                return _("waiting for {host}").format(host=self.waiting_for)
            if self.hop is HopState.CONNECTING:
                return _("listening, connecting to SSH")
            if self.hop_down:
                if self.hop is HopState.RECONNECTING:
                    return _("listening, SSH failed: {reason}; reconnecting").format(
                        reason=self.hop_error
                    )
                return _("listening, SSH failed: {reason}").format(reason=self.hop_error)
            if self.hop is HopState.READY and self.target is TargetHealth.DOWN:
                return _("listening, target unreachable from the SSH server")
            if self.hop is HopState.READY and self.target is TargetHealth.UNKNOWN:
                return _("listening, SSH ready")
            if self.target is TargetHealth.DOWN:
                return _("listening, target unreachable")
            if self.target is TargetHealth.UP:
                return _("listening, target up")
            return _("listening")
        return state_word(self.state)


class TunnelCounts(Value):
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
