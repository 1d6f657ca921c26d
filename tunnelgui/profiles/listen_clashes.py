"""Profiles in each other's way: listeners on one port whose hosts overlap, saved or running."""

from __future__ import annotations

from collections.abc import Iterable

from tunnelgui.i18n import _
from tunnelgui.profiles.hosts import ip_or_none, is_wildcard_host
from tunnelgui.profiles.lookup import ProfileIndex
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.problems import Problem


def _listen_hosts(host: str) -> set[str]:
    """The concrete addresses a listen host covers, for clash detection."""
    if host == "localhost":
        return {"127.0.0.1", "::1"}
    ip = ip_or_none(host)
    return {str(ip)} if ip is not None else {host}


def listen_overlaps(host_a: str, host_b: str) -> bool:
    """Would listeners on the same port on these two hosts get in each other's way?"""
    if is_wildcard_host(host_a) or is_wildcard_host(host_b):
        ip_a, ip_b = ip_or_none(host_a), ip_or_none(host_b)
        # "::" usually also takes IPv4 (dual stack), so it clashes with everything.
        if host_a == "::" or host_b == "::" or ip_a is None or ip_b is None:
            return True
        return ip_a.version == ip_b.version
    return bool(_listen_hosts(host_a) & _listen_hosts(host_b))


def running_clash(profile: Profile, running: Iterable[Profile]) -> str:
    """Why `profile` cannot start beside the tunnels already `running` (one of them holds its
    listen port), as a sentence naming that tunnel; "" when nothing in the way is ours."""
    for other in running:
        if (
            other.id != profile.id
            and other.listen_port == profile.listen_port
            and listen_overlaps(other.listen_host, profile.listen_host)
        ):
            return _(
                "{address} is already used by the tunnel {other}. "
                "Stop {other} first, or give {name} another listen port."
            ).format(
                address=profile.listen_address, other=repr(other.name), name=repr(profile.name)
            )
    return ""


def listen_clash_problems(profile: Profile, others: ProfileIndex) -> list[Problem]:
    """A warning, not an error: profiles that are alternatives for one local port (prod and
    staging on 5432, say) are common; only running both at once fails, and the engine says so."""
    problems = []
    if not isinstance(profile.listen_host, str) or not isinstance(profile.listen_port, int):
        return problems
    for other in others.on_port(profile.listen_port, besides=profile):
        if not listen_overlaps(profile.listen_host, other.listen_host):
            continue
        if _listen_hosts(profile.listen_host) == _listen_hosts(other.listen_host):
            first, second = sorted([profile.name, other.name])
            message = _("Two profiles listen on {address}: {first} and {second}").format(
                address=profile.listen_address, first=repr(first), second=repr(second)
            )
        else:
            message = _(
                "{name} listens on {address} and {other} on {other_address}; "
                "they cannot run at the same time"
            ).format(
                name=repr(profile.name),
                address=profile.listen_address,
                other=repr(other.name),
                other_address=other.listen_address,
            )
        problems.append(Problem("listen_port", message, "warning"))
    return problems
