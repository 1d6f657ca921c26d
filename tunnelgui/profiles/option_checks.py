"""Checks of option values against their declarations (options.OPTIONS), as sentences."""

from __future__ import annotations

import math

from tunnelgui.engine.limits import unmapped
from tunnelgui.i18n import _
from tunnelgui.profiles.hosts import is_loopback_host, unmapped_ip
from tunnelgui.profiles.options import OptionField, option_fields

_DECLARED = dict(option_fields())


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) or abs(value) >= 1e15 else str(int(value))


def brief_number(value: int | float) -> str:
    """A number for a message: whole up to 20 digits, else "a 400-digit number" (a file may
    hold any length of digits; an error message should not echo them all)."""
    if isinstance(value, int) and not isinstance(value, bool):
        digits = len(str(abs(value))) if abs(value) < 10**4000 else None
        if digits is None or digits > 20:
            count = str(digits) if digits else _("more than 4000")
            if value < 0:
                return _("a negative {count}-digit number").format(count=count)
            return _("a {count}-digit number").format(count=count)
    return repr(value)


def is_finite_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    # Whole numbers are exact however long; math.isfinite would overflow converting them.
    return isinstance(value, int) or math.isfinite(value)


def range_message(declared: OptionField) -> str:
    """ "Connect timeout must be more than 0 and at most 3600 seconds", from the declaration."""
    top = _number(declared.maximum)
    if declared.kind == "seconds":
        top = _("{number} seconds").format(number=top)
    if declared.range_note:
        top = f"{top} {_(declared.range_note)}"
    bottom = _number(declared.minimum)
    whole = declared.kind == "count"
    if declared.above_minimum:
        template = (
            _("{label} must be a whole number more than {low} and at most {high}")
            if whole
            else _("{label} must be more than {low} and at most {high}")
        )
    else:
        if declared.zero_means:
            bottom = f"{bottom} ({_(declared.zero_means)})"
        template = (
            _("{label} must be a whole number between {low} and {high}")
            if whole
            else _("{label} must be between {low} and {high}")
        )
    return template.format(label=_(declared.label), low=bottom, high=top)


def in_range(declared: OptionField, value: object) -> bool:
    if not is_finite_number(value):
        return False
    if declared.kind == "count" and not isinstance(value, int):
        return False
    low_ok = value > declared.minimum if declared.above_minimum else value >= declared.minimum
    return low_ok and value <= declared.maximum


def option_problems(name: str, value: object) -> list[str]:
    """What is wrong with `value` for the option `name` (empty when nothing is); a list of
    networks gets one sentence per bad network."""
    declared = _DECLARED[name]
    if declared.kind == "networks":
        if isinstance(value, str) or not isinstance(value, tuple | list):
            return [_("{label} must be a list of networks").format(label=_(declared.label))]
        return [message for message in map(network_problem, value) if message]
    if declared.kind == "switch":
        if isinstance(value, bool):
            return []
        return [_("{label} must be on or off").format(label=_(declared.label))]
    return [] if in_range(declared, value) else [range_message(declared)]


def network_problem(text: object) -> str:
    """Why `text` is not a usable allowed network, or "" when it is."""
    if not isinstance(text, str) or not text.strip():
        return _("An allowed network is empty; write a network like 192.168.1.0/24")
    import ipaddress  # here: a forward without --allow never needs it (~0.4 MiB, issue 13)

    try:
        ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            loose = ipaddress.ip_network(text, strict=False)
        except ValueError:
            return _(
                "Allowed network {network} is not an IP network "
                "(write e.g. 192.168.1.0/24, 10.0.0.5 or fd00::/8)"
            ).format(network=repr(text))
        return _(
            "Allowed network {network} has bits set after the prefix length; "
            "did you mean {suggestion}?"
        ).format(network=repr(text), suggestion=loose)
    return ""


def unreachable_networks_warning(networks: tuple[str, ...] | list[str], host: object) -> str:
    """For valid `networks` on a loopback listen host: a warning when none of them includes
    the host, since then no one can connect at all; "" otherwise."""
    if not networks or not isinstance(host, str) or not is_loopback_host(host):
        return ""
    import ipaddress

    parsed = [unmapped(ipaddress.ip_network(text)) for text in networks]
    own = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
    if host != "localhost":
        own = [unmapped_ip(ipaddress.ip_address(host))]
    if any(
        address in network
        for network in parsed
        for address in own
        if address.version == network.version
    ):
        return ""
    return _(
        "No allowed network includes {host}, so no one can connect to a tunnel "
        "that listens on {host}"
    ).format(host=host)
