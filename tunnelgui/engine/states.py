"""The engine's state vocabularies, defined once: tunnel, target and connection states."""

from __future__ import annotations

from enum import StrEnum


class TunnelState(StrEnum):
    """A tunnel as the app and the headless runner show it."""

    STOPPED = "stopped"
    STARTING = "starting"
    LISTENING = "listening"
    STOPPING = "stopping"  # asked to stop; "stopped" follows once the listener is closed
    FAILED = "failed"  # could not start, or its listener broke; the error says why


class TargetHealth(StrEnum):
    """What the engine knows about a tunnel's target (TunnelStats.target_status)."""

    UNKNOWN = "unknown"  # no probe and no relayed connect has told yet
    UP = "up"
    DOWN = "down"


class ConnectionState(StrEnum):
    """One relayed connection (ConnectionStats.state)."""

    CONNECTING = "connecting"  # connecting to the target
    OPEN = "open"
    CLOSING = "closing"  # one direction has ended, the other still flows
    CLOSED = "closed"


class HopState(StrEnum):
    """The SSH hop of a tunnel that has one (TunnelStats.hop_state)."""

    CONNECTING = "connecting to SSH"  # ssh runs, its forwarded socket is not there yet
    READY = "SSH ready"  # authenticated and forwarding
    RECONNECTING = "SSH reconnecting"  # ssh ended; a new one starts after a backoff
    FAILED = "SSH failed"  # ssh ended for a reason retrying does not cure (authentication)
