"""Who holds a listen port that is in use, told as a sentence for the editor."""

from __future__ import annotations

import os
from dataclasses import dataclass

import psutil

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.listen import can_listen


@dataclass(frozen=True, slots=True)
class PortUsage:
    host: str
    port: int
    holder: str = ""  # "nginx (pid 812)", "TunnelGUI itself"; empty when the system won't say

    def describe(self) -> str:
        where = format_address(self.host, self.port)
        who = f" by {self.holder}" if self.holder else " by another program"
        return f"Port {self.port} is already in use on {where}{who}."


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
