"""Can this machine listen where a profile asks: the listen address, its exposure, low ports."""

from __future__ import annotations

import errno
import functools
import os
import socket
import sys

import psutil

from tunnelgui.engine.addresses import EXPOSED_MESSAGE, EXPOSED_ON, exposure_warning
from tunnelgui.engine.listen import bind_failure
from tunnelgui.i18n import _
from tunnelgui.profiles.hosts import ip_or_none, is_loopback_host
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.problems import Problem


def listen_host_problems(profile: Profile, check_machine: bool) -> list[Problem]:
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


def privileged_port_problems(profile: Profile) -> list[Problem]:
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
