"""Reading rinetd configs: forwarding lines become profiles, allow/deny rules allowed networks.

rinetd matches client addresses against glob patterns ("192.168.1.*", "10.0.0.?"): a client must
match some allow rule (when there are any) and no deny rule, first against the global rules (those
before the first forwarding line), then against the rules following its forwarding line. Patterns
that are exactly a set of CIDR networks are converted; the others are reported, and a forward is
never imported more open than rinetd ran it.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from collections.abc import Iterable

from tunnelgui.engine.addresses import format_address
from tunnelgui.i18n import _
from tunnelgui.profiles.foreign import (
    ForeignConfig,
    ForeignConfigError,
    ForeignForward,
    decimal_port,
    unique_name,
)
from tunnelgui.profiles.model import Profile, ProfileOptions

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

EVERYONE: tuple[Network, ...] = (
    ipaddress.ip_network("0.0.0.0/0"),
    ipaddress.ip_network("::/0"),
)
MAX_NETWORKS = 64  # more than this is not a readable allow-list any more
MAX_QUESTION_MARKS = 3
_PREFIX_PATTERN = re.compile(r"^((?:\d{1,3}\.){1,3})\*$")
_LOG_KEYWORDS = {"logfile", "pidlogfile", "logcommon"}


class _Rules:
    def __init__(self) -> None:
        self.allow: list[tuple[int, str]] = []  # (line, pattern)
        self.deny: list[tuple[int, str]] = []


class _Forward:
    def __init__(self, line: int, tokens: list[str]) -> None:
        self.line = line
        self.tokens = tokens
        self.rules = _Rules()


def parse_rinetd(text: str, source_name: str = "rinetd.conf") -> ForeignConfig:
    """The forwards of a rinetd config. Raises ForeignConfigError for a line it cannot read."""
    config = ForeignConfig()
    global_rules = _Rules()
    forwards: list[_Forward] = []
    ignored_log = False
    for number, raw in enumerate(text.splitlines(), start=1):
        tokens = raw.split("#", 1)[0].split()
        if not tokens:
            continue
        keyword = tokens[0].lower()
        if keyword in ("allow", "deny"):
            if len(tokens) != 2:
                raise ForeignConfigError(
                    number, _("'{keyword}' takes one address pattern").format(keyword=keyword)
                )
            rules = forwards[-1].rules if forwards else global_rules
            (rules.allow if keyword == "allow" else rules.deny).append((number, tokens[1]))
        elif keyword in _LOG_KEYWORDS:
            ignored_log = True
        elif len(tokens) >= 4:
            forwards.append(_Forward(number, tokens))
        else:
            raise ForeignConfigError(
                number,
                _(
                    "{line} is neither a forwarding rule (bindaddress bindport "
                    "connectaddress connectport) nor an allow, deny or log setting"
                ).format(line=repr(raw.strip())),
            )
    if ignored_log:
        config.notes.append(_("Ignored the logfile settings: TunnelGUI keeps its own log."))

    taken: set[str] = set()
    for forward in forwards:
        profile = _convert(forward, global_rules, source_name, config.notes, taken)
        if profile is not None:
            where = _("line {number}").format(number=forward.line)
            config.forwards.append(ForeignForward(profile, where))
    return config


def _convert(
    forward: _Forward, global_rules: _Rules, source_name: str, notes: list[str], taken: set[str]
) -> Profile | None:
    line = forward.line
    bind_host, bind_port_text, connect_host, connect_port_text, *extra = forward.tokens
    bind_port, bind_protocol = _port(bind_port_text, line, _("bind port"))
    connect_port, connect_protocol = _port(connect_port_text, line, _("connect port"))
    where = _("The forward on line {number} ({address})").format(
        number=line, address=f"{bind_host} {bind_port_text}"
    )
    if "udp" in (bind_protocol, connect_protocol):
        notes.append(
            _("{where} was not imported: it relays UDP, and TunnelGUI relays TCP only.").format(
                where=where
            )
        )
        return None
    if extra:
        notes.append(
            _("{where}: ignored the options {options}.").format(
                where=where, options=" ".join(extra)
            )
        )

    networks, problem = _allowed_networks(global_rules, forward.rules)
    if problem:
        notes.append(_("{where} was not imported: {reason}").format(where=where, reason=problem))
        return None
    for rules in (global_rules, forward.rules):
        for pattern_line, pattern in rules.allow:
            note = _(
                "The allow pattern {pattern} on line {number} is not a set of networks "
                "and was left out; only the other allowed networks are let in."
            ).format(pattern=repr(pattern), number=pattern_line)
            if _pattern_networks(pattern) is None and note not in notes:
                notes.append(note)
    return Profile(
        name=unique_name(format_address(connect_host, connect_port), taken),
        listen_host=bind_host,
        listen_port=bind_port,
        target_host=connect_host,
        target_port=connect_port,
        group="rinetd",
        notes=f"Imported from the rinetd config {source_name}, line {line}.",
        options=ProfileOptions(allowed_networks=networks),
    )


def _port(text: str, line: int, what: str) -> tuple[int, str]:
    """rinetd ports: "80", "80/tcp", "80/udp" or a service name like "http"."""
    name, _slash, protocol = text.partition("/")
    protocol = protocol.lower() or "tcp"
    if protocol not in ("tcp", "udp"):
        raise ForeignConfigError(
            line,
            _("unknown protocol {protocol} in {text}").format(
                protocol=repr(protocol), text=repr(text)
            ),
        )
    port = decimal_port(name)
    if port is None:
        try:
            port = socket.getservbyname(name, protocol)
        except (OSError, ValueError):  # ValueError: e.g. a NUL in the name
            raise ForeignConfigError(
                line, _("{text} is not a port number").format(text=repr(text))
            ) from None
    if not 1 <= port <= 65535:
        raise ForeignConfigError(
            line, _("the {what} {port} is out of range (1-65535)").format(what=what, port=name)
        )
    return port, protocol


def _allowed_networks(global_rules: _Rules, own_rules: _Rules) -> tuple[tuple[str, ...], str]:
    """The networks a client must be in to pass both rule sets, and "" — or () and why the
    forward cannot be expressed."""
    allowed: list[Network] = list(EVERYONE)
    for rules in (global_rules, own_rules):
        if rules.allow:
            converted = [_pattern_networks(pattern) for _, pattern in rules.allow]
            usable = [n for networks in converted if networks is not None for n in networks]
            if not usable:
                patterns = ", ".join(repr(p) for _, p in rules.allow)
                return (), _(
                    "its allow patterns ({patterns}) are not sets of networks, and importing it "
                    "without them would let everyone in."
                ).format(patterns=patterns)
            allowed = _intersect(allowed, usable)
        for pattern_line, pattern in rules.deny:
            denied = _pattern_networks(pattern)
            if denied is None:
                return (), _(
                    "the deny pattern {pattern} (line {number}) is not a set of "
                    "networks, and importing it without that rule would let those clients in."
                ).format(pattern=repr(pattern), number=pattern_line)
            allowed = _subtract(allowed, denied)
    allowed = _collapse(allowed)
    if not allowed:
        return (), _("its allow and deny rules let no one in.")
    if set(allowed) == set(EVERYONE):
        return (), ""
    if len(allowed) > MAX_NETWORKS:
        return (), _(
            "its allow and deny rules come to {count} networks, more than the "
            "{maximum} TunnelGUI takes for one profile."
        ).format(count=len(allowed), maximum=MAX_NETWORKS)
    return tuple(str(n) for n in allowed), ""


@functools.lru_cache(maxsize=1024)
def _pattern_networks(pattern: str) -> tuple[Network, ...] | None:
    """The networks a rinetd pattern matches exactly, or None when it is not such a set.

    Cached: global rules apply to every forward, and expanding "?" costs milliseconds."""
    if pattern == "*":
        return EVERYONE
    if pattern.count("?") > MAX_QUESTION_MARKS:
        return None
    networks: list[Network] = []
    for candidate in _expand_question_marks(pattern):
        converted = _plain_pattern_network(candidate)
        if converted is None:
            if "?" not in pattern:
                return None
            continue  # this filling of "?" matches no address at all, e.g. "192.168.1.1."
        networks.append(converted)
    return tuple(_collapse(networks)) if networks else None


def _expand_question_marks(pattern: str) -> Iterable[str]:
    """ "?" matches any one character; in an address that is a digit or a dot."""
    if "?" not in pattern:
        yield pattern
        return
    head, _mark, tail = pattern.partition("?")
    for filler in "0123456789.":
        for rest in _expand_question_marks(tail):
            yield head + filler + rest


def _plain_pattern_network(pattern: str) -> Network | None:
    try:
        return ipaddress.ip_network(ipaddress.ip_address(pattern))  # one address: /32 or /128
    except ValueError:
        pass  # rinetd has no CIDR syntax: "10.0.0.0/24" is a literal that matches nothing
    match = _PREFIX_PATTERN.match(pattern)
    if not match:
        return None
    octets = match.group(1).rstrip(".").split(".")
    if any(int(octet) > 255 or (len(octet) > 1 and octet[0] == "0") for octet in octets):
        return None
    padded = octets + ["0"] * (4 - len(octets))
    return ipaddress.ip_network(f"{'.'.join(padded)}/{8 * len(octets)}")


def _intersect(first: list[Network], second: list[Network]) -> list[Network]:
    """CIDR blocks are nested or disjoint, so each overlap is the smaller block."""
    result = []
    for a in first:
        for b in second:
            if a.version != b.version:
                continue
            if a.subnet_of(b):  # type: ignore[arg-type]
                result.append(a)
            elif b.subnet_of(a):  # type: ignore[arg-type]
                result.append(b)
    return result


def _subtract(networks: list[Network], removed: Iterable[Network]) -> list[Network]:
    for gone in removed:
        remaining = []
        for network in networks:
            if network.version != gone.version or not network.overlaps(gone):
                remaining.append(network)
            elif not network.subnet_of(gone):  # type: ignore[arg-type]
                remaining += network.address_exclude(gone)  # type: ignore[arg-type]
        networks = remaining
    return networks


def _collapse(networks: list[Network]) -> list[Network]:
    v4 = [n for n in networks if n.version == 4]
    v6 = [n for n in networks if n.version == 6]
    return [*ipaddress.collapse_addresses(v4), *ipaddress.collapse_addresses(v6)]
