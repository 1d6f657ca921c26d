"""Plain snapshot values the engine hands out: per tunnel and per connection counters."""

from __future__ import annotations

from tunnelgui.engine.states import ConnectionState, HopState, TargetHealth
from tunnelgui.engine.values import Value, field


class ConnectionStats(Value):
    """One client connection. "to_target" is client -> target; "to_client" is target -> client."""

    conn_id: int
    peer: str  # the client's address, "127.0.0.1:54321" or "[::1]:54321"
    started_at: float  # time.time() when accepted
    bytes_to_target: int
    bytes_to_client: int
    state: ConnectionState  # CONNECTING, OPEN or CLOSING


class TunnelStats(Value):
    tunnel_id: str
    listen_address: str  # the bound address, "127.0.0.1:8080" or "[::1]:8080"
    listen_port: int  # the bound port (useful when the spec asked for port 0)
    active_connections: int
    total_connections: int  # accepted and relayed (or attempted to relay)
    failed_connections: int  # target refused, unreachable or timed out
    rejected_connections: int  # over max_connections or not in allowed_networks
    # Bytes delivered each way: written to the peer's socket, less what was still
    # unacknowledged there when a connection ended with a reset (that part is counted in
    # discarded_*). While a connection is open its bytes count as soon as the kernel takes them.
    bytes_to_target: int
    bytes_to_client: int
    # UNKNOWN until a probe or a relayed connection tells; then UP or DOWN.
    target_status: TargetHealth = TargetHealth.UNKNOWN
    target_error: str = ""  # why the target is down, e.g. "connection refused"
    hop_state: HopState | None = None  # None: no SSH hop
    hop_error: str = ""  # ssh's reason while the hop is down ("Permission denied (publickey)")
    connections: tuple[ConnectionStats, ...] = ()
    # Written by the relay but discarded by the kernel when a connection was reset: the
    # send queue's unacknowledged bytes (Linux; 0 where the system cannot tell).
    discarded_to_target: int = 0
    discarded_to_client: int = 0
    # The listen host the tunnel waits for (not an address of this machine yet), else "".
    waiting_for: str = ""
    # The host the listener is bound to, as the socket says ("0.0.0.0" for a typed "0"); what
    # exposure_warning judges.
    listen_host: str = ""

    @property
    def written_to_target(self) -> int:
        """Everything the relay wrote toward the target: never goes down, so rates use it."""
        return self.bytes_to_target + self.discarded_to_target

    @property
    def written_to_client(self) -> int:
        return self.bytes_to_client + self.discarded_to_client


class EngineSnapshot(Value):
    taken_at: float  # time.monotonic() when taken, for rate computations
    tunnels: dict[str, TunnelStats] = field(default_factory=dict)
