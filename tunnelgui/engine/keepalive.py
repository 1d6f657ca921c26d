"""TCP keepalive on relayed sockets, so a peer that vanished behind a NAT or a sleep is noticed."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from time import time

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any

# The first probe after this many idle seconds, then one every INTERVAL, and the connection is
# given up after COUNT unanswered probes: a dead peer is found within about two minutes, and an
# idle healthy connection costs one tiny packet a minute (NAT tables keep it alive, too).
IDLE = 60
INTERVAL = 10
COUNT = 6

# A connection's own sockets get keepalive once it has lived this long (one coarse timer per
# tunnel checks each second, see Loop.call_coarse): most connections (a query, a page's
# requests) are over well before, and the four options cost each of them four system calls. The
# first probe comes later than it would by 2 * DELAY on an idle or busy loop; at worst (traffic
# every second or so, just too rarely for the coarse timer's countdown) by about half a minute,
# on a 60 s idle wait: a dead peer is still noticed within about two and a half minutes.
DELAY = 1.0

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


class LateKeepalive:
    """Switches keepalive on for connections that are still open DELAY seconds after they began.

    A connection costs one entry in `waiting`, which the tunnel adds (then arm() when no timer
    runs) and removes itself: method calls here would run for every client. The timer runs only
    while connections wait. Entries are kept in the order added, which is the order the
    connections began, so each round stops at the first one too young.
    """

    __slots__ = ("_call_later", "_enable", "timer", "waiting")

    def __init__(
        self, call_later: Callable[[float, Callable[[], None]], Any], enable: Callable[[Any], None]
    ) -> None:
        self._call_later = call_later
        self._enable = enable  # enable(relay): set the options on its sockets
        self.waiting: dict[int, Any] = {}  # conn_id -> relay (with .started_at, a time())
        self.timer: Any = None  # set while connections wait

    def arm(self) -> None:
        """Start the timer (there is none yet and a connection waits)."""
        self.timer = self._call_later(DELAY, self._switch_on)

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.waiting.clear()

    def _switch_on(self) -> None:
        self.timer = None
        waiting = self.waiting
        began_by = time() - DELAY
        due = []
        for conn_id, relay in waiting.items():
            # A wall-clock step only makes this a second early or late.
            if relay.started_at > began_by:
                break
            due.append(conn_id)
        for conn_id in due:
            self._enable(waiting.pop(conn_id))
        if waiting:
            self.arm()
