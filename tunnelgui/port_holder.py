"""Which program listens on a TCP port, for sentences that name it (no Qt; psutil)."""

from __future__ import annotations

import os

import psutil

from tunnelgui.engine.errors import TunnelStartError
from tunnelgui.engine.listen import ANOTHER_PROGRAM
from tunnelgui.i18n import _, translated_error


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
            return _("TunnelGUI itself (another tunnel)")
        try:
            name = psutil.Process(conn.pid).name()
        except (psutil.Error, OSError):
            return f"process {conn.pid}"
        return f"{name} (pid {conn.pid})"
    return ""


def name_the_holder(error: TunnelStartError, port: int) -> str:
    """A start failure's sentence in the user's language, with the program that holds the port
    named when the system says who it is ("… is already in use by nginx (pid 812). …")."""
    if error.fields.get("holder") == ANOTHER_PROGRAM:
        holder = port_holder(port)
        if holder:
            fields = {**error.fields, "holder": holder}
            error = TunnelStartError.sentence(error.template, words=(), **fields)
    return translated_error(error)
