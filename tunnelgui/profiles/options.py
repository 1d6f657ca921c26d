"""A profile's options, declared once, and the engine's TunnelSpec made of a profile's fields.

No dataclasses here (nor in what this imports): `forward` makes its spec with tunnel_spec()
and its flags from OPTIONS, and dataclasses would cost it ~1.3 MiB for its whole life (issue
13). model.Profile and ProfileOptions, the dataclasses the store and the GUI edit, are made of
these declarations and call tunnel_spec() too: one mapping for every caller.
"""

from __future__ import annotations

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.spec import DEFAULT_CONNECT_TIMEOUT, SshHopTransport, TcpTransport, TunnelSpec
from tunnelgui.engine.values import Value, defaults, replace
from tunnelgui.i18n import N_

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Literal

    OptionKind = Literal["seconds", "count", "networks", "switch"]

DEFAULT_LISTEN_HOST = "127.0.0.1"


class OptionField(Value):
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


def _option(name: str, default: object, **declaration: Any) -> tuple[str, object, OptionField]:
    return name, default, OptionField(**declaration)


# (name, default, declaration) of each option, in ProfileOptions' order (its fields' names).
OPTIONS: tuple[tuple[str, object, OptionField], ...] = (
    _option(
        "connect_timeout",
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
    ),
    _option(
        "idle_timeout",
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
    ),
    _option(
        "max_connections",
        0,
        label=N_("Max connections"),
        editor_label=N_("&Max connections"),
        kind="count",
        cli_flag="--max-connections",
        metavar="N",
        help=N_("refuse clients beyond N at once (default 0: no limit)"),
        maximum=100_000,
        zero_means=N_("no limit"),
    ),
    # CIDRs; empty = anyone who can reach the listener
    _option(
        "allowed_networks",
        (),
        label=N_("Allowed networks"),
        editor_label=N_("Allowed net&works"),
        kind="networks",
        cli_flag="--allow",
        metavar="CIDR",
        help=N_("only let in clients from these networks (default: anyone who can connect)"),
    ),
    _option(
        "health_probe",
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
    ),
    _option(
        "tcp_keepalive",
        True,
        label=N_("TCP keepalive"),
        editor_label=N_("TCP &keepalive"),
        kind="switch",
        cli_flag="--keepalive",
        help=N_(
            "send TCP keepalives on relayed connections, so peers that vanished behind a NAT "
            "or a sleeping laptop are noticed (default on)"
        ),
    ),
)


def option_fields() -> list[tuple[str, OptionField]]:
    """(field name, declaration) of every option, in declaration order."""
    return [(name, declared) for name, _, declared in OPTIONS]


def option_defaults() -> dict[str, object]:
    """Each option's default, by name (ProfileOptions() has these)."""
    return {name: default for name, default, _ in OPTIONS}


_SPEC_DEFAULTS = defaults(TunnelSpec)


def target_label(target_host: str, target_port: int, via: str) -> str:
    """The target as the table and messages show it: "db.internal:5432 via bastion"."""
    target = format_address(target_host, target_port)
    return f"{target} via {hop_name(via)}" if via else target


def hop_name(via: str) -> str:
    """The SSH server the target is reached from (the last host of `via`)."""
    return via.rsplit(",", 1)[-1]


def tunnel_spec(
    *,
    tunnel_id: str,
    name: str,
    listen_host: str,
    listen_port: int,
    target_host: str,
    target_port: int,
    options: Mapping[str, Any],
    via: str = "",
    ssh_config: str = "",
    askpass: str = "",
    conditions: tuple[Condition, ...] = (),
) -> TunnelSpec:
    """The engine's view of a forward: options by name (each in OPTIONS), an SSH hop `via` with
    its client config and prompt helper (askpass), and the network conditions."""
    # Each option is the TunnelSpec field its declaration names (a test holds them together).
    fields: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for option, declared in option_fields():
        value = options[option]
        outer, _, inner = (declared.spec_field or option).partition(".")
        if inner:
            nested.setdefault(outer, {})[inner] = value
        else:
            fields[outer] = value
    for outer, values in nested.items():
        fields[outer] = replace(_SPEC_DEFAULTS[outer], **values)
    fields["allowed_networks"] = tuple(fields["allowed_networks"])
    transport: object = TcpTransport()
    if via:
        transport = SshHopTransport(
            via=via,
            ssh_config=ssh_config,
            askpass=askpass,
            connect_timeout=options["connect_timeout"],
        )
    return TunnelSpec(
        tunnel_id=tunnel_id,
        name=name,
        listen_host=listen_host,
        listen_port=listen_port,
        target_host=target_host,
        target_port=target_port,
        target_transport=transport,
        conditions=conditions,
        **fields,
    )
