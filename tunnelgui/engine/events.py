"""Engine events: what happened to tunnels and connections, for logs and notifications."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EventKind(StrEnum):
    TUNNEL_STARTED = "tunnel-started"
    TUNNEL_STOPPED = "tunnel-stopped"
    TUNNEL_FAILED = "tunnel-failed"  # a running tunnel's listener broke
    TUNNEL_WAITING = "tunnel-waiting"  # its listen address is not on this machine yet
    CONNECTION_OPENED = "connection-opened"  # relaying to the target
    CONNECTION_CLOSED = (
        "connection-closed"  # message says why (client closed, reset, idle, dropped)
    )
    CONNECTION_REJECTED = "connection-rejected"  # over the limit or not allowed
    CONNECT_FAILED = "connect-failed"  # the target refused, timed out or could not be resolved
    TARGET_DOWN = "target-down"  # target status changed to unreachable (probe or relay)
    TARGET_UP = "target-up"  # target status changed to reachable
    TARGET_MOVED = "target-moved"  # the target's name resolved to other addresses than before
    HOP_CONNECTING = "hop-connecting"  # ssh started for the tunnel's SSH hop
    HOP_READY = "hop-ready"  # the hop's ssh authenticated and forwards
    HOP_DOWN = "hop-down"  # the hop's ssh ended; the message says why and whether it retries


@dataclass(frozen=True, slots=True)
class EngineEvent:
    seq: int  # increasing from 1; pass the last seen seq to Engine.events_since()
    time: float  # time.time()
    tunnel_id: str
    kind: EventKind
    message: str  # a complete sentence a person can read
    conn_id: int | None = None
