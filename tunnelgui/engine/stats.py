"""Plain snapshot values the engine hands out: per tunnel and per connection counters."""

from __future__ import annotations

from dataclasses import dataclass, field

from tunnelgui.engine.states import ConnectionState, TargetHealth


@dataclass(frozen=True, slots=True)
class ConnectionStats:
    """One client connection. "to_target" is client -> target; "to_client" is target -> client."""

    conn_id: int
    peer: str  # the client's address, "127.0.0.1:54321" or "[::1]:54321"
    started_at: float  # time.time() when accepted
    bytes_to_target: int
    bytes_to_client: int
    state: ConnectionState  # CONNECTING, OPEN or CLOSING


@dataclass(frozen=True, slots=True)
class TunnelStats:
    tunnel_id: str
    listen_address: str  # the bound address, "127.0.0.1:8080" or "[::1]:8080"
    listen_port: int  # the bound port (useful when the spec asked for port 0)
    active_connections: int
    total_connections: int  # accepted and relayed (or attempted to relay)
    failed_connections: int  # target refused, unreachable or timed out
    rejected_connections: int  # over max_connections or not in allowed_networks
    bytes_to_target: int
    bytes_to_client: int
    # UNKNOWN until a probe or a relayed connection tells; then UP or DOWN.
    target_status: TargetHealth = TargetHealth.UNKNOWN
    target_error: str = ""  # why the target is down, e.g. "connection refused"
    connections: tuple[ConnectionStats, ...] = ()
    # The host the listener is bound to, as the socket says ("0.0.0.0" for a typed "0"); what
    # exposure_warning judges.
    listen_host: str = ""


@dataclass(frozen=True, slots=True)
class EngineSnapshot:
    taken_at: float  # time.monotonic() when taken, for rate computations
    tunnels: dict[str, TunnelStats] = field(default_factory=dict)
