"""Profile validation: every problem at once, per field, in words a person understands."""

from __future__ import annotations

import errno
import functools
import os
import re
import socket
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import psutil

from tunnelgui.engine.addresses import EXPOSED_MESSAGE, EXPOSED_ON, exposure_warning
from tunnelgui.engine.listen import bind_failure
from tunnelgui.engine.ssh_process import hop_parts
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_checks import conditions_problems
from tunnelgui.profiles.hosts import (
    ip_or_none,
    is_loopback_host,
    is_valid_hostname,
    is_wildcard_host,
)
from tunnelgui.profiles.model import Profile, option_fields
from tunnelgui.profiles.option_checks import (
    brief_number,
    option_problems,
    unreachable_networks_warning,
)
from tunnelgui.profiles.text_checks import (
    c1_control_character,
    lookalike_character,
    unsavable_character,
)

Severity = Literal["error", "warning"]

MAX_NAME_LENGTH = 100
MAX_GROUP_LENGTH = 100
MAX_NOTES_LENGTH = 10_000
MAX_PATH_LENGTH = 4096
MAX_ID_LENGTH = 200


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth knowing) about one field of a profile."""

    field: str  # "name", "listen_port", "options.allowed_networks", ...
    message: str  # a full sentence for the user
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ValidationError(Exception):
    """A profile was refused; `problems` lists every problem (warnings included)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(_("; ").join(p.message for p in self.problems if p.is_error))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def name_key(name: str) -> str:
    """Names are unique regardless of case, surrounding spaces and compatibility forms ("Web"
    clashes with "web", and full-width letters with their plain forms)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


class ProfileIndex:
    """Profiles indexed by name and by listen port: checking one profile against thousands of
    others is then a lookup, so validating a whole file stays linear in its length."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        self._by_name: dict[str, list[Profile]] = {}
        self._by_port: dict[object, list[Profile]] = {}
        for profile in profiles:
            self.add(profile)

    def add(self, profile: Profile) -> None:
        if isinstance(profile.name, str):
            self._by_name.setdefault(name_key(profile.name), []).append(profile)
        self._by_port.setdefault(_port_key(profile.listen_port), []).append(profile)

    def named(self, name: str, *, besides: Profile) -> list[Profile]:
        """The profiles whose name clashes with `name`, other than `besides` (same id)."""
        return [p for p in self._by_name.get(name_key(name), ()) if p.id != besides.id]

    def on_port(self, port: object, *, besides: Profile) -> list[Profile]:
        return [p for p in self._by_port.get(_port_key(port), ()) if p.id != besides.id]


def _port_key(port: object) -> object:
    # True == 1 as a dict key; a mistyped port must not meet port 1.
    return (type(port).__name__, port) if isinstance(port, bool) else port


def find_by_name(profiles: Iterable[Profile], name: str) -> Profile | None:
    """Exact name first, then ignoring case and surrounding spaces (names are unique so)."""
    candidates = list(profiles)
    exact = next((p for p in candidates if p.name == name), None)
    if exact is not None:
        return exact
    key = name_key(name)
    return next((p for p in candidates if name_key(p.name) == key), None)


def pick_by_names(
    profiles: Iterable[Profile], names: Iterable[str]
) -> tuple[list[Profile], list[str]]:
    """The profiles with these names, each once and in the order asked; and the names that
    matched nothing."""
    candidates = list(profiles)
    found: list[Profile] = []
    missing: list[str] = []
    for name in names:
        profile = find_by_name(candidates, name)
        if profile is None:
            missing.append(name)
        elif profile not in found:
            found.append(profile)
    return found, missing


def validate_profile(
    profile: Profile,
    others: Iterable[Profile] | ProfileIndex = (),
    *,
    check_machine: bool = True,
) -> list[Problem]:
    """Every problem of `profile`; `others` are the other saved profiles (a ProfileIndex of them
    when checking many profiles against one list; one with the same id is never a clash).

    check_machine=False skips the checks that depend on this machine (can the listen address be
    bound here), e.g. when loading a saved file whose VPN interface is not up yet.
    """
    if not isinstance(others, ProfileIndex):
        others = ProfileIndex(others)
    problems: list[Problem] = []
    problems += _check_id(profile.id)
    problems += _check_name(profile, others)
    problems += _check_port(profile.listen_port, "listen_port", _("Listen port"))
    problems += _check_port(profile.target_port, "target_port", _("Target port"))
    problems += _check_host_text(profile.target_host, "target_host", _("Target host"))
    problems += _check_host_text(profile.listen_host, "listen_host", _("Listen host"))
    if not any(p.field == "target_host" for p in problems):
        problems += _check_target_host(profile.target_host)
    if not any(p.field == "listen_host" for p in problems):
        problems += _check_listen_host(profile, check_machine)
    problems += _check_text(profile.group, "group", _("Group"), MAX_GROUP_LENGTH, single_line=True)
    problems += _check_text(profile.notes, "notes", _("Notes"), MAX_NOTES_LENGTH, single_line=False)
    problems += _check_hop(profile, check_machine)
    problems += _check_options(profile)
    problems += [Problem(*found) for found in conditions_problems(profile.conditions)]
    problems += _check_listen_clashes(profile, others)
    return problems


# --- name and free text -------------------------------------------------------------------


def _check_name(profile: Profile, others: ProfileIndex) -> list[Problem]:
    name = profile.name
    if not isinstance(name, str) or not name.strip():
        return [Problem("name", _("Name must not be empty"))]
    problems = _check_text(name, "name", _("Name"), MAX_NAME_LENGTH, single_line=True)
    if name != name.strip():
        problems.append(Problem("name", _("Name must not start or end with spaces")))
    for other in others.named(name, besides=profile)[:1]:
        problems.append(
            Problem(
                "name", _("Another profile is already named {name}").format(name=repr(other.name))
            )
        )
    return problems


def _check_id(profile_id: object) -> list[Problem]:
    if not isinstance(profile_id, str) or not profile_id.strip():
        return [Problem("id", _("The profile id must be a non-empty text"))]
    return _check_text(profile_id, "id", _("The profile id"), MAX_ID_LENGTH, single_line=True)


def _check_host_text(host: object, field: str, label: str) -> list[Problem]:
    """Text a host check cannot even look at (it could never be saved)."""
    if not isinstance(host, str):
        return []
    message = unsavable_character(host, label)
    return [Problem(field, message)] if message else []


def _check_text(
    text: object, field: str, label: str, max_length: int, *, single_line: bool
) -> list[Problem]:
    if not isinstance(text, str):
        return [Problem(field, _("{label} must be text").format(label=label))]
    problems = []
    if len(text) > max_length:
        message = _("{label} must be at most {count} characters long")
        problems.append(Problem(field, message.format(label=label, count=max_length)))
    checked = text if single_line else text.replace("\n", "").replace("\r", "").replace("\t", "")
    if _CONTROL_CHARACTERS.search(checked):
        message = (
            _("{label} must not contain line breaks or control characters")
            if single_line
            else _("{label} must not contain control characters")
        )
        problems.append(Problem(field, message.format(label=label)))
    character_check = lookalike_character if single_line else c1_control_character
    for message in (unsavable_character(text, label), character_check(text, label)):
        if message:
            problems.append(Problem(field, message))
    return problems


# --- the SSH hop --------------------------------------------------------------------------


def _check_hop(profile: Profile, check_machine: bool) -> list[Problem]:
    problems = []
    via = profile.via
    if not isinstance(via, str):
        return [Problem("via", _("Via must be text"))]
    if via:
        try:
            hop_parts(via)
        except ValueError as exc:
            problems.append(
                Problem(
                    "via",
                    _("{reason} (write an ssh destination like bastion or user@host:22)").format(
                        reason=exc
                    ),
                )
            )
    config = profile.ssh_config
    problems += _check_text(
        config, "ssh_config", _("SSH config"), MAX_PATH_LENGTH, single_line=True
    )
    if problems or not config:
        return problems
    if check_machine and not os.path.isfile(os.path.expanduser(config)):
        problems.append(
            Problem(
                "ssh_config",
                _("SSH config {path} is not a file here").format(path=repr(config)),
                "warning",
            )
        )
    return problems


# --- ports and hosts ----------------------------------------------------------------------


def _check_port(port: object, field: str, label: str) -> list[Problem]:
    if isinstance(port, bool) or not isinstance(port, int):
        message = _("{label} must be a whole number between 1 and 65535")
        return [Problem(field, message.format(label=label))]
    if not 1 <= port <= 65535:
        message = _("{label} must be between 1 and 65535, not {port}")
        return [Problem(field, message.format(label=label, port=brief_number(port)))]
    return []


def _check_target_host(host: object) -> list[Problem]:
    field = "target_host"
    if not isinstance(host, str) or not host.strip():
        return [Problem(field, _("Target host must not be empty"))]
    shown = repr(host)
    if host != host.strip() or " " in host:
        return [Problem(field, _("Target host {host} must not contain spaces").format(host=shown))]
    if host.startswith("[") and host.endswith("]"):
        message = _("Write IPv6 addresses without brackets: {address}")
        return [Problem(field, message.format(address=host[1:-1]))]
    if ip_or_none(host) is not None or is_valid_hostname(host):
        return []
    if all(part.isdigit() for part in host.split(".")):
        message = _("Target host {host} is not a valid IPv4 address")
        return [Problem(field, message.format(host=shown))]
    return [
        Problem(
            field,
            _(
                "Target host {host} is not a valid host name or IP address "
                "(e.g. db.example.com, 192.168.1.10 or ::1)"
            ).format(host=shown),
        )
    ]


def _check_listen_host(profile: Profile, check_machine: bool) -> list[Problem]:
    field = "listen_host"
    host = profile.listen_host
    if not isinstance(host, str) or not host.strip():
        message = _("Listen host must not be empty (use 127.0.0.1 for this machine)")
        return [Problem(field, message)]
    if host.startswith("[") and host.endswith("]"):
        message = _("Write IPv6 addresses without brackets: {address}")
        return [Problem(field, message.format(address=host[1:-1]))]
    if host == "localhost":
        return []
    ip = ip_or_none(host)
    if ip is None:
        return [
            Problem(
                field,
                _(
                    "Listen host must be an IP address of this machine (like 127.0.0.1, ::1 or "
                    "0.0.0.0) or 'localhost', not {host}"
                ).format(host=repr(host)),
            )
        ]
    if check_machine and not ip.is_unspecified:
        reason = _why_not_bindable(host)
        if reason:
            return [Problem(field, reason)]
    exposure = exposure_warning(host)
    return [Problem(field, translated_exposure(exposure, host), "warning")] if exposure else []


def translated_exposure(exposure: str, host: str) -> str:
    """The engine's exposure_warning sentence (English) in the user's language."""
    if exposure == EXPOSED_MESSAGE:
        return _(EXPOSED_MESSAGE)
    if exposure == EXPOSED_ON.format(host=host):
        return _(EXPOSED_ON).format(host=host)
    return exposure


def _why_not_bindable(host: str) -> str:
    """Empty when this machine can listen on `host` (an IP literal); otherwise why not."""
    error = bind_failure(host, 0)
    if error is None:
        return ""
    if error.errno == errno.EADDRNOTAVAIL:
        known = ", ".join(local_addresses()[:8])
        if known:
            return _(
                "Listen host {host} is not an address of this machine (its addresses: {addresses})"
            ).format(host=host, addresses=known)
        return _("Listen host {host} is not an address of this machine").format(host=host)
    return _("Cannot listen on {host}: {reason}").format(host=host, reason=error.strerror or error)


def local_addresses() -> list[str]:
    """This machine's IP addresses, loopback first, for suggestions and pickers."""
    found: list[str] = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family in (socket.AF_INET, socket.AF_INET6):
                text = address.address.split("%")[0]
                if text not in found:
                    found.append(text)
    return sorted(found, key=lambda text: (not is_loopback_host(text), ":" in text, text))


@functools.lru_cache(maxsize=1)  # once per process, not once per profile of a big file
def _unprivileged_port_start() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_unprivileged_port_start", encoding="ascii") as file:
            return int(file.read().strip())
    except (OSError, ValueError):
        return 1024


def _check_privileged_port(profile: Profile) -> list[Problem]:
    """Linux refuses low ports to ordinary users unless the sysctl says otherwise."""
    if not sys.platform.startswith("linux") or os.geteuid() == 0:
        return []
    first_free = _unprivileged_port_start()
    port = profile.listen_port
    if isinstance(port, int) and 1 <= port < first_free:
        return [
            Problem(
                "listen_port",
                _("Ports below {port} usually need administrator rights to listen on").format(
                    port=first_free
                ),
                "warning",
            )
        ]
    return []


# --- options ------------------------------------------------------------------------------


def _check_options(profile: Profile) -> list[Problem]:
    """Each option against its declaration in ProfileOptions."""
    options = profile.options
    problems = [
        Problem(f"options.{name}", message)
        for name, _ in option_fields()
        for message in option_problems(name, getattr(options, name))
    ]
    if not any(p.field == "options.allowed_networks" for p in problems):
        warning = unreachable_networks_warning(options.allowed_networks, profile.listen_host)
        if warning:
            problems.append(Problem("options.allowed_networks", warning, "warning"))
    problems += _check_privileged_port(profile)
    return problems


# --- clashes with other profiles ----------------------------------------------------------


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


def _check_listen_clashes(profile: Profile, others: ProfileIndex) -> list[Problem]:
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
