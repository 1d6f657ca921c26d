"""TCP keepalive on relayed sockets, so a peer that vanished behind a NAT or a sleep is noticed."""

from __future__ import annotations

import socket
import sys

# The first probe after this many idle seconds, then one every INTERVAL, and the connection is
# given up after COUNT unanswered probes: a dead peer is found within about two minutes, and an
# idle healthy connection costs one tiny packet a minute (NAT tables keep it alive, too).
IDLE = 60
INTERVAL = 10
COUNT = 6

# Linux copies SO_KEEPALIVE and the TCP_KEEP* timings from a listener to each accepted socket
# (the socket is cloned from it): one set of calls per tunnel instead of one per client.
INHERITED = sys.platform.startswith("linux")

# (level, option, value) for each timing this platform has; macOS names the idle time
# TCP_KEEPALIVE, older Windows builds have none of them (the system's defaults apply there).
_IDLE_OPTION = getattr(socket, "TCP_KEEPIDLE", None) or getattr(socket, "TCP_KEEPALIVE", None)
_TIMINGS = tuple(
    (socket.IPPROTO_TCP, option, value)
    for option, value in (
        (_IDLE_OPTION, IDLE),
        (getattr(socket, "TCP_KEEPINTVL", None), INTERVAL),
        (getattr(socket, "TCP_KEEPCNT", None), COUNT),
    )
    if option is not None
)


def enable_keepalive(sock: socket.socket) -> None:
    """Switch keepalive on with the timings above (a platform that refuses one keeps its own)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    setsockopt = sock.setsockopt
    for level, option, value in _TIMINGS:
        # A timing the system refuses keeps its default: still a keepalive. (try, not
        # contextlib.suppress: this runs for every target connection.)
        try:  # noqa: SIM105
            setsockopt(level, option, value)
        except OSError:
            pass
