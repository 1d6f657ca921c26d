"""Opening a tunnel's listening socket, with failures told as sentences a person can act on."""

from __future__ import annotations

import errno
import socket
import sys

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.errors import TunnelStartError

BACKLOG = 4096  # the kernel caps it at somaxconn; bursts of thousands of clients need room
# Linux copies TCP_NODELAY from the listener to every accepted socket: one call per tunnel
# instead of one per client.
NODELAY_INHERITED = sys.platform.startswith("linux")


def resolve_listen_address(host: str, port: int) -> tuple[int, tuple]:
    """(family, sockaddr) to bind for host:port. May query DNS: call it off the loop thread."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise TunnelStartError(
            f"Cannot listen on {format_address(host, port)}: the host name {host!r} cannot be "
            f"resolved ({reason}). Use an IP address such as 127.0.0.1, or a name this machine "
            "knows."
        ) from None
    for family, _type, _proto, _canon, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            return family, sockaddr
    raise TunnelStartError(
        f"Cannot listen on {format_address(host, port)}: {host!r} has no IPv4 or IPv6 address."
    )


def open_listener(family: int, sockaddr: tuple, host: str, port: int) -> socket.socket:
    """A bound, listening, non-blocking socket; TunnelStartError says why it cannot be."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # pragma: no cover - Windows
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            # Lets a restarted tunnel bind while old connections sit in TIME_WAIT; on Unix it
            # does not let two programs listen on the same port.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(sockaddr)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise TunnelStartError(bind_error_message(exc, host, port)) from None
    return sock


def bind_error_message(exc: OSError, host: str, port: int) -> str:
    """Turn a bind()/listen() failure into a full sentence naming the address."""
    address = format_address(host, port)
    if exc.errno == errno.EADDRINUSE:
        return (
            f"{address} is already in use by another program. "
            "Choose another port or stop the program using it."
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        if 0 < port < 1024:
            return (
                f"Permission denied to listen on {address}: ports below 1024 need administrator "
                "rights. Choose a port of 1024 or above."
            )
        return f"Permission denied to listen on {address}. Choose another address or port."
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"Cannot listen on {address}: {host} is not an address of this machine. "
            "Use 127.0.0.1 (this machine only), 0.0.0.0 (all networks) or one of this "
            "machine's addresses."
        )
    if exc.errno == errno.EAFNOSUPPORT:
        return f"Cannot listen on {address}: this machine does not support that address family."
    return f"Cannot listen on {address}: {exc.strerror or exc}."
