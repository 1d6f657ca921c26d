"""The relay engine: one select-based dispatcher loop relaying TCP for all tunnels (stdlib only)."""

from tunnelgui.engine.engine import Engine
from tunnelgui.engine.errors import EngineError, EngineStoppedError, TunnelStartError
from tunnelgui.engine.events import EngineEvent, EventKind
from tunnelgui.engine.spec import (
    HealthPolicy,
    SshHopTransport,
    TcpTransport,
    TunnelSpec,
    UnixSocketTransport,
)
from tunnelgui.engine.states import ConnectionState, HopState, TargetHealth, TunnelState
from tunnelgui.engine.stats import ConnectionStats, EngineSnapshot, TunnelStats

__all__ = [
    "ConnectionState",
    "ConnectionStats",
    "Engine",
    "EngineError",
    "EngineEvent",
    "EngineSnapshot",
    "EngineStoppedError",
    "EventKind",
    "HealthPolicy",
    "HopState",
    "SshHopTransport",
    "TargetHealth",
    "TcpTransport",
    "TunnelSpec",
    "TunnelStartError",
    "TunnelState",
    "TunnelStats",
    "UnixSocketTransport",
]
