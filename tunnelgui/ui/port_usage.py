"""Is a listen port free on this machine, who holds it, and which port is the next free one."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys
from dataclasses import dataclass

import psutil

from tunnelgui.engine.addresses import format_address


@dataclass(frozen=True, slots=True)
class PortUsage:
    host: str
    port: int
    holder: str = ""  # "nginx (pid 812)", "TunnelGUI itself"; empty when the system won't say

    def describe(self) -> str:
        where = format_address(self.host, self.port)
        who = f" by {self.holder}" if self.holder else " by another program"
        return f"Port {self.port} is already in use on {where}{who}."


def _family(host: str) -> socket.AddressFamily | None:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    return socket.AF_INET6 if ip.version == 6 else socket.AF_INET


def can_listen(host: str, port: int) -> bool | None:
    """True if a listener could bind host:port now; None when host is not an IP literal (host
    names are not resolved here: a slow DNS answer must never freeze the editor)."""
    if host == "localhost":
        host = "127.0.0.1"
    family = _family(host)
    if family is None:
        return None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Bind the way a listener does: on POSIX, SO_REUSEADDR lets a port in TIME_WAIT be
        # reused, so only a real listener makes the check fail. On Windows it would allow
        # stealing a bound port, so the default (exclusive) behaviour is the honest one there.
        if sys.platform != "win32":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and host == "::":
            with contextlib.suppress(OSError):
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def port_holder(port: int) -> str:
    """Which process listens on `port`, as "name (pid N)"; "" when the system will not tell
    (other users' processes need privileges on most systems)."""
    try:
        connections = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, OSError):
        return ""
    for conn in connections:
        if conn.status != psutil.CONN_LISTEN or not conn.laddr or conn.laddr.port != port:
            continue
        if conn.pid is None:
            return ""
        if conn.pid == os.getpid():
            return "TunnelGUI itself (another tunnel)"
        try:
            name = psutil.Process(conn.pid).name()
        except (psutil.Error, OSError):
            return f"process {conn.pid}"
        return f"{name} (pid {conn.pid})"
    return ""


def check_port(host: str, port: int) -> PortUsage | None:
    """None when host:port is free (or cannot be checked); otherwise who holds it."""
    if can_listen(host, port) is not False:
        return None
    return PortUsage(host, port, port_holder(port))


def next_free_port(host: str, after: int, attempts: int = 200) -> int | None:
    """The first port above `after` that host can listen on, trying at most `attempts`."""
    port = after
    for _ in range(attempts):
        port = port + 1 if port < 65535 else 1024
        if can_listen(host, port):
            return port
    return None
