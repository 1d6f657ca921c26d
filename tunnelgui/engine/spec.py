"""TunnelSpec: the plain, frozen description of one tunnel that the engine is given."""

from __future__ import annotations

from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.values import Value

DEFAULT_CONNECT_TIMEOUT = 10.0
# Seconds between probes while a target is known down; the last one repeats.
DEFAULT_BACKOFF = (5.0, 10.0, 30.0, 60.0)


class TcpTransport(Value):
    """The relay connects over TCP straight to target_host:target_port (the default)."""


class UnixSocketTransport(Value):
    """The relay connects to a Unix socket, e.g. one an SSH client forwards with
    `-L PATH:host:port`; target_host:target_port stay the far end's address, for messages."""

    path: str


class SshHopTransport(Value):
    """The relay reaches the target through an SSH server: a supervised `ssh -N -L
    SOCKET:target_host:target_port` (the user's own OpenSSH client) forwards a Unix socket in
    a private runtime folder, and the target is resolved and connected from the SSH server.

    via: an ssh destination ("bastion", "user@host:port"), optionally after ProxyJump hosts
    ("jump1,jump2,bastion"). ssh_config: a client config file for `-F` ("" = the user's own).
    askpass: a program for SSH_ASKPASS ("" = no prompts: BatchMode, failing cleanly instead).
    runtime_dir: where the private socket folder is made ("" = $XDG_RUNTIME_DIR or the temp
    folder).
    """

    via: str
    ssh_config: str = ""
    askpass: str = ""
    ssh_program: str = "ssh"
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    runtime_dir: str = ""


class HealthPolicy(Value):
    """When the engine opens a connection of its own to the target (a probe).

    Probes run once when the tunnel starts, while the target is known down (waiting `backoff`
    seconds, step by step, before each), and on request (Engine.check_target). While the
    target is up, only the clients' own connects tell its health, so a healthy server never
    sees a connection nobody asked for. probe=False: no automatic probes at all; relayed
    connects still update the status.
    """

    probe: bool = True
    backoff: tuple[float, ...] = DEFAULT_BACKOFF


class TunnelSpec(Value):
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
    health: HealthPolicy = HealthPolicy()
    # When the listen host is not an address of this machine (a LAN address before the Wi-Fi is
    # up), wait for it and bind once it is, instead of failing (the app does; run/forward fail).
    wait_for_listen_address: bool = False
    # SO_KEEPALIVE on both ends of every relayed connection (engine/keepalive.py's timings).
    tcp_keepalive: bool = True
    # How the relay reaches the target: TcpTransport, UnixSocketTransport, or any frozen value
    # the Engine was given a connector for; that connector opens each relay's target end.
    target_transport: object = TcpTransport()
    # Network conditions (latency, bandwidth caps, faults) shaping the relayed bytes; empty
    # keeps the plain zero-copy path. Engine.set_conditions swaps them while running.
    conditions: tuple[Condition, ...] = ()

    @property
    def label(self) -> str:
        """A name for messages: the tunnel's name, or its id when it has none."""
        return self.name or self.tunnel_id
