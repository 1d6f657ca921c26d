"""Which program listens on a TCP port, for sentences that name it (no Qt; psutil)."""

from __future__ import annotations

import os

import psutil

ANOTHER_PROGRAM = "another program"


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


def name_the_holder(message: str, port: int) -> str:
    """The engine's "… is already in use by another program. …" with the program named when
    the system says who it is; the message unchanged otherwise."""
    holder = port_holder(port)
    if not holder or ANOTHER_PROGRAM not in message:
        return message
    return message.replace(ANOTHER_PROGRAM, holder, 1)
