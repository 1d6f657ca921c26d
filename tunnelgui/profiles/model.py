"""Profile: what a user saves and shares, one forward with its options."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.spec import DEFAULT_CONNECT_TIMEOUT, TunnelSpec

DEFAULT_LISTEN_HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class ProfileOptions:
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    idle_timeout: float = 0.0  # seconds; 0 = never close idle connections
    max_connections: int = 0  # 0 = no limit
    allowed_networks: tuple[str, ...] = ()  # CIDRs; empty = anyone who can reach the listener


def new_profile_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Profile:
    """One forward. Immutable: edit with dataclasses.replace()."""

    name: str
    listen_port: int
    target_host: str
    target_port: int
    listen_host: str = DEFAULT_LISTEN_HOST
    autostart: bool = False
    group: str = ""
    notes: str = ""
    options: ProfileOptions = field(default_factory=ProfileOptions)
    id: str = field(default_factory=new_profile_id)

    @property
    def listen_address(self) -> str:
        return format_address(self.listen_host, self.listen_port)

    @property
    def target_address(self) -> str:
        return format_address(self.target_host, self.target_port)

    def to_spec(self) -> TunnelSpec:
        """The engine's view of this profile; the engine never sees profiles."""
        return TunnelSpec(
            tunnel_id=self.id,
            name=self.name,
            listen_host=self.listen_host,
            listen_port=self.listen_port,
            target_host=self.target_host,
            target_port=self.target_port,
            connect_timeout=self.options.connect_timeout,
            idle_timeout=self.options.idle_timeout,
            max_connections=self.options.max_connections,
            allowed_networks=tuple(self.options.allowed_networks),
        )
