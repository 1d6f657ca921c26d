"""TunnelSpec: the plain, frozen description of one tunnel that the engine is given."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CONNECT_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class TunnelSpec:
    """What to listen on, where to relay to, and the limits to enforce.

    Hosts are IP literals or host names (IPv6 literals without brackets: "::1").
    listen_port 0 asks the system for a free port (the bound port is reported on start).
    """

    tunnel_id: str
    listen_host: str
    listen_port: int
    target_host: str
    target_port: int
    name: str = ""
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    # 0 means: never close an idle connection.
    idle_timeout: float = 0.0
    # 0 means: no limit on concurrent connections.
    max_connections: int = 0
    # CIDR strings ("192.168.0.0/24", "::1/128"); empty means anyone who can reach the listener.
    allowed_networks: tuple[str, ...] = ()
    # Seconds between TCP-connect probes of the target while the tunnel runs; 0 = no probing
    # (relayed connections still update the target status).
    health_check_interval: float = 0.0

    @property
    def label(self) -> str:
        """A name for messages: the tunnel's name, or its id when it has none."""
        return self.name or self.tunnel_id
