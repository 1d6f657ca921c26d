"""Profile: what a user saves and shares, one forward with its options."""

from __future__ import annotations

from dataclasses import dataclass, field

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.spec import TunnelSpec

# The declarations live in options.py (no dataclasses there, for `forward`); the names stay
# importable from here, where most code looks for them.
from tunnelgui.profiles.options import (  # noqa: F401
    DEFAULT_LISTEN_HOST,
    OptionField,
    hop_name,
    option_defaults,
    option_fields,
    target_label,
    tunnel_spec,
)

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any


def _option(name: str) -> Any:
    return field(default=_DEFAULTS[name], metadata={"option": _DECLARED[name]})


_DEFAULTS = option_defaults()
_DECLARED = dict(option_fields())


@dataclass(frozen=True, slots=True)
class ProfileOptions:
    """A forward's options, each declared once in profiles/options.py (OPTIONS), in its order."""

    connect_timeout: float = _option("connect_timeout")
    idle_timeout: float = _option("idle_timeout")
    max_connections: int = _option("max_connections")
    allowed_networks: tuple[str, ...] = _option("allowed_networks")
    health_probe: bool = _option("health_probe")
    tcp_keepalive: bool = _option("tcp_keepalive")


def new_profile_id() -> str:
    import uuid  # here, not at the top: uuid loads platform, which `forward` never needs

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
    # An SSH hop: an ssh destination ("bastion", "user@host:port"), optionally after ProxyJump
    # hosts ("jump1,jump2,bastion"); the target is then reached from that server. "" = direct.
    via: str = ""
    # The ssh client config for this profile's hop ("" = the setting, or the user's own).
    ssh_config: str = ""
    # Network conditions (engine/conditions.py values) shaping this tunnel's traffic; () = none.
    conditions: tuple[Condition, ...] = ()

    @property
    def listen_address(self) -> str:
        return format_address(self.listen_host, self.listen_port)

    @property
    def target_address(self) -> str:
        return format_address(self.target_host, self.target_port)

    @property
    def hop_name(self) -> str:
        """The SSH server the target is reached from (the last host of `via`)."""
        return hop_name(self.via)

    @property
    def target_label(self) -> str:
        """The target as the table and messages show it: "db.internal:5432 via bastion"."""
        return target_label(self.target_host, self.target_port, self.via)

    def to_spec(self, ssh_config: str = "", askpass: str = "") -> TunnelSpec:
        """The engine's view of this profile; the engine never sees profiles.

        ssh_config, askpass: the app's ssh client config (the profile's own wins) and prompt
        helper, for a profile with an SSH hop.
        """
        return tunnel_spec(
            tunnel_id=self.id,
            name=self.name,
            listen_host=self.listen_host,
            listen_port=self.listen_port,
            target_host=self.target_host,
            target_port=self.target_port,
            options={name: getattr(self.options, name) for name, _ in option_fields()},
            via=self.via,
            ssh_config=self.ssh_config or ssh_config,
            askpass=askpass,
            conditions=self.conditions,
        )
