"""Profile: what a user saves and shares, one forward with its options."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.spec import DEFAULT_CONNECT_TIMEOUT, SshHopTransport, TcpTransport, TunnelSpec
from tunnelgui.i18n import N_

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any, Literal

    OptionKind = Literal["seconds", "count", "networks", "switch"]

DEFAULT_LISTEN_HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class OptionField:
    """How one option is named, bounded and asked for. The file format, validation, the CLI
    flags and the editor's widgets are all made from these (tests/profiles/test_option_fields.py
    fails when one of them misses an option)."""

    # label, help, zero_means and range_note are English msgids (marked N_): shown through
    # tunnelgui.i18n._ (or Qt's tr in the editor).
    label: str  # "Connect timeout": starts the validation message
    editor_label: str  # "Connect &timeout": the editor's form label, with its Alt key
    # seconds: a float; count: a whole number; networks: a list of CIDR texts; switch: on/off
    kind: OptionKind
    cli_flag: str  # "--connect-timeout", for `profiles add` and `forward` (a switch: --no-...)
    help: str  # the flag's help, also the editor widget's tooltip
    metavar: str = ""
    minimum: float = 0.0
    maximum: float = 0.0
    above_minimum: bool = False  # the value must be more than `minimum`, not equal to it
    zero_means: str = ""  # what 0 does ("never", "no limit"): shown in the editor and messages
    range_note: str = ""  # said after the maximum in the validation message: "(7 days)"
    unit: str = ""  # "s": the editor's suffix
    step: float = 1.0  # the editor's arrow-key step
    # Where the engine's TunnelSpec keeps it: "health.probe" is spec.health.probe; "" means the
    # spec field of the option's own name.
    spec_field: str = ""


def _option(default: Any, **declaration: Any) -> Any:
    return field(default=default, metadata={"option": OptionField(**declaration)})


@dataclass(frozen=True, slots=True)
class ProfileOptions:
    """A forward's options, each declared once here with its OptionField."""

    connect_timeout: float = _option(
        DEFAULT_CONNECT_TIMEOUT,
        label=N_("Connect timeout"),
        editor_label=N_("Connect &timeout"),
        kind="seconds",
        cli_flag="--connect-timeout",
        metavar="SECONDS",
        # "(default 10)": DEFAULT_CONNECT_TIMEOUT, written out so the msgid is one literal
        # (tests/test_gettext_catalog.py checks they agree).
        help=N_("give up connecting to the target after this long (default 10)"),
        maximum=3600.0,  # an hour: longer is a mistake, not a slow network
        above_minimum=True,
        unit="s",
    )
    idle_timeout: float = _option(
        0.0,
        label=N_("Idle timeout"),
        editor_label=N_("&Idle timeout"),
        kind="seconds",
        cli_flag="--idle-timeout",
        metavar="SECONDS",
        help=N_("close connections idle this long (default 0: never)"),
        maximum=7 * 24 * 3600.0,
        zero_means=N_("never"),
        range_note=N_("(7 days)"),
        unit="s",
    )
    max_connections: int = _option(
        0,
        label=N_("Max connections"),
        editor_label=N_("&Max connections"),
        kind="count",
        cli_flag="--max-connections",
        metavar="N",
        help=N_("refuse clients beyond N at once (default 0: no limit)"),
        maximum=100_000,
        zero_means=N_("no limit"),
    )
    # CIDRs; empty = anyone who can reach the listener
    allowed_networks: tuple[str, ...] = _option(
        (),
        label=N_("Allowed networks"),
        editor_label=N_("Allowed net&works"),
        kind="networks",
        cli_flag="--allow",
        metavar="CIDR",
        help=N_("only let in clients from these networks (default: anyone who can connect)"),
    )
    health_probe: bool = _option(
        True,
        label=N_("Health probes"),
        editor_label=N_("Health &probes"),
        kind="switch",
        cli_flag="--health-probe",
        help=N_(
            "check the target with a connection of its own at the start and while it is down "
            "(default on; --no-health-probe: only the clients' own connects tell its health)"
        ),
        spec_field="health.probe",
    )
    tcp_keepalive: bool = _option(
        True,
        label=N_("TCP keepalive"),
        editor_label=N_("TCP &keepalive"),
        kind="switch",
        cli_flag="--keepalive",
        help=N_(
            "send TCP keepalives on relayed connections, so peers that vanished behind a NAT "
            "or a sleeping laptop are noticed (default on)"
        ),
    )


def option_fields() -> list[tuple[str, OptionField]]:
    """(field name, declaration) of every option, in declaration order."""
    return list(_OPTION_FIELDS)


_OPTION_FIELDS = tuple((f.name, f.metadata["option"]) for f in dataclasses.fields(ProfileOptions))


_SPEC_DEFAULTS = {f.name: f.default for f in dataclasses.fields(TunnelSpec)}


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
        return self.via.rsplit(",", 1)[-1]

    @property
    def target_label(self) -> str:
        """The target as the table and messages show it: "db.internal:5432 via bastion"."""
        return f"{self.target_address} via {self.hop_name}" if self.via else self.target_address

    def to_spec(self, ssh_config: str = "", askpass: str = "") -> TunnelSpec:
        """The engine's view of this profile; the engine never sees profiles.

        ssh_config, askpass: the app's ssh client config (the profile's own wins) and prompt
        helper, for a profile with an SSH hop.
        """
        # Each option is the TunnelSpec field its declaration names (a test holds them together).
        options: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {}
        for name, declared in option_fields():
            value = getattr(self.options, name)
            outer, _, inner = (declared.spec_field or name).partition(".")
            if inner:
                nested.setdefault(outer, {})[inner] = value
            else:
                options[outer] = value
        for outer, values in nested.items():
            options[outer] = dataclasses.replace(_SPEC_DEFAULTS[outer], **values)
        options["allowed_networks"] = tuple(options["allowed_networks"])
        transport: object = TcpTransport()
        if self.via:
            transport = SshHopTransport(
                via=self.via,
                ssh_config=self.ssh_config or ssh_config,
                askpass=askpass,
                connect_timeout=self.options.connect_timeout,
            )
        return TunnelSpec(
            tunnel_id=self.id,
            name=self.name,
            listen_host=self.listen_host,
            listen_port=self.listen_port,
            target_host=self.target_host,
            target_port=self.target_port,
            target_transport=transport,
            conditions=self.conditions,
            **options,
        )
