"""Loopback sockets opt out of a pacing congestion control (BBR), which only costs CPU there.

BBR makes the kernel pace every send with a timer. Between two sockets of this machine there is
no network to pace for, and when the relay, its client and its server share the CPUs the
pacing timers and BBR's bandwidth estimate (which follows the CPU-starved delivery rate) cost a
relayed loopback stream about 40% of its throughput and half again its CPU per byte (measured
on a 2-core machine whose default is BBR). So where the system default paces, the relay's
loopback sockets use reno instead. Sockets to other hosts keep the system's choice.

A listener's accepted sockets inherit its choice (one call per tunnel). A target socket (and a
client of a listener on all addresses) switches only once its direction carries bulk
(Relay.bulk): a short exchange is not paced for long enough to matter, and setsockopt() with a
name raises and catches two exceptions inside CPython before it takes the name, which cost a
short relayed connection 7% of its instructions (callgrind).
"""

from __future__ import annotations

import socket
from functools import lru_cache

from tunnelgui.engine.addresses import ipv4_view, is_loopback_ip, packed_ip

TCP_CONGESTION: int | None = getattr(socket, "TCP_CONGESTION", None)
# Congestion controls that pace (every version of BBR; the kernel names them bbr, bbr2, bbr3).
_PACING = (b"bbr",)
# reno is built into every Linux kernel and any process may choose it. On loopback it moves as
# much as cubic.
_REPLACEMENTS = (b"reno",)
_NAME_SIZE = 16  # TCP_CA_NAME_MAX


def algorithm(sock: socket.socket) -> bytes:
    """The congestion control a TCP socket uses (b"" where the platform cannot say)."""
    if TCP_CONGESTION is None:
        return b""
    try:
        name = sock.getsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, _NAME_SIZE)
    except OSError:
        return b""
    return name.split(b"\0", 1)[0]


def replacement_for(default: bytes) -> bytes | None:
    """The algorithm loopback sockets should use when new sockets get `default`; None: keep it."""
    if TCP_CONGESTION is None or not default.startswith(_PACING):
        return None
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return None
    with probe:
        for name in _REPLACEMENTS:
            try:
                probe.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, name)
            except OSError:
                continue  # not built into this kernel, or not allowed for this user
            return name
    return None


def loopback_algorithm() -> bytes | None:
    """What this engine's loopback sockets should use (None: the system default is fine)."""
    if TCP_CONGESTION is None:
        return None
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return None
    with probe:
        default = algorithm(probe)
    return replacement_for(default)


def use(sock: socket.socket, name: bytes) -> None:
    """Switch sock to `name`; a refusal leaves the system default, which works, only slower."""
    # try, not contextlib.suppress: this runs for every target connection (3 calls fewer).
    try:  # noqa: SIM105
        sock.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, name)
    except OSError:
        pass


@lru_cache(maxsize=1024)
def is_loopback(host: str) -> bool:
    """True for an IP literal of this machine's loopback (127.0.0.0/8, ::1, ::ffff:127.x)."""
    packed = packed_ip(host)
    return packed is not None and is_loopback_ip(ipv4_view(packed))
