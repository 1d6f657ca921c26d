"""Profile: what a user saves and shares, one forward with its options."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.spec import DEFAULT_CONNECT_TIMEOUT, TunnelSpec

DEFAULT_LISTEN_HOST = "127.0.0.1"


OptionKind = Literal["seconds", "count", "networks"]


@dataclass(frozen=True, slots=True)
class OptionField:
    """How one option is named, bounded and asked for. The file format, validation, the CLI
    flags and the editor's widgets are all made from these (tests/profiles/test_option_fields.py
    fails when one of them misses an option)."""

    label: str  # "Connect timeout": starts the validation message
    editor_label: str  # "Connect &timeout": the editor's form label, with its Alt key
    kind: OptionKind  # seconds: a float; count: a whole number; networks: a list of CIDR texts
    cli_flag: str  # "--connect-timeout", for `profiles add` and `forward`
    help: str  # the flag's help, also the editor widget's tooltip
    metavar: str = ""
    minimum: float = 0.0
    maximum: float = 0.0
    above_minimum: bool = False  # the value must be more than `minimum`, not equal to it
    zero_means: str = ""  # what 0 does ("never", "no limit"): shown in the editor and messages
    range_note: str = ""  # said after the maximum in the validation message: "(7 days)"
    unit: str = ""  # "s": the editor's suffix
    step: float = 1.0  # the editor's arrow-key step


def _option(default: Any, **declaration: Any) -> Any:
    return field(default=default, metadata={"option": OptionField(**declaration)})


@dataclass(frozen=True, slots=True)
class ProfileOptions:
    """A forward's options, each declared once here with its OptionField."""

    connect_timeout: float = _option(
        DEFAULT_CONNECT_TIMEOUT,
        label="Connect timeout",
        editor_label="Connect &timeout",
        kind="seconds",
        cli_flag="--connect-timeout",
        metavar="SECONDS",
        help="give up connecting to the target after this long "
        f"(default {DEFAULT_CONNECT_TIMEOUT:g})",
        maximum=3600.0,  # an hour: longer is a mistake, not a slow network
        above_minimum=True,
        unit="s",
    )
    idle_timeout: float = _option(
        0.0,
        label="Idle timeout",
        editor_label="&Idle timeout",
        kind="seconds",
        cli_flag="--idle-timeout",
        metavar="SECONDS",
        help="close connections idle this long (default 0: never)",
        maximum=7 * 24 * 3600.0,
        zero_means="never",
        range_note="(7 days)",
        unit="s",
    )
    max_connections: int = _option(
        0,
        label="Max connections",
        editor_label="&Max connections",
        kind="count",
        cli_flag="--max-connections",
        metavar="N",
        help="refuse clients beyond N at once (default 0: no limit)",
        maximum=100_000,
        zero_means="no limit",
    )
    # CIDRs; empty = anyone who can reach the listener
    allowed_networks: tuple[str, ...] = _option(
        (),
        label="Allowed networks",
        editor_label="Allowed net&works",
        kind="networks",
        cli_flag="--allow",
        metavar="CIDR",
        help="only let in clients from these networks (default: anyone who can connect)",
    )


def option_fields() -> list[tuple[str, OptionField]]:
    """(field name, declaration) of every option, in declaration order."""
    return list(_OPTION_FIELDS)


_OPTION_FIELDS = tuple((f.name, f.metadata["option"]) for f in dataclasses.fields(ProfileOptions))


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
        # Each option is a TunnelSpec field of the same name (a test holds them together).
        options = {name: getattr(self.options, name) for name, _ in option_fields()}
        options["allowed_networks"] = tuple(options["allowed_networks"])
        return TunnelSpec(
            tunnel_id=self.id,
            name=self.name,
            listen_host=self.listen_host,
            listen_port=self.listen_port,
            target_host=self.target_host,
            target_port=self.target_port,
            **options,
        )
