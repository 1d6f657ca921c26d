"""Opening a tunnel's listening socket (failures told as sentences a person can act on), and the
one check of whether an address can be bound and which port is the next free one."""

from __future__ import annotations

import contextlib
import errno
import socket
import sys
from collections.abc import Collection

from tunnelgui.engine.addresses import N_, format_address, lookup_host, packed_ip
from tunnelgui.engine.errors import TunnelStartError

BACKLOG = 4096  # the kernel caps it at somaxconn; bursts of thousands of clients need room
# Linux copies TCP_NODELAY from the listener to every accepted socket: one call per tunnel
# instead of one per client.
NODELAY_INHERITED = sys.platform.startswith("linux")


def resolve_listen_address(host: str, port: int) -> tuple[int, tuple]:
    """(family, sockaddr) to bind for host:port. May query DNS: call it off the loop thread."""
    try:
        infos = socket.getaddrinfo(
            lookup_host(host) if host else None,
            port,
            type=socket.SOCK_STREAM,
            flags=socket.AI_PASSIVE,
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
        _set_address_reuse(sock)
        sock.bind(sockaddr)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        error = bind_error(exc, host, port)
        error.address_missing = exc.errno == errno.EADDRNOTAVAIL
        error.address_in_use = exc.errno == errno.EADDRINUSE
        raise error from None
    return sock


def _set_address_reuse(sock: socket.socket) -> None:
    if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # pragma: no cover - Windows
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        # Lets a restarted tunnel bind while old connections sit in TIME_WAIT; on Unix it
        # does not let two programs listen on the same port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


def bind_failure(host: str, port: int) -> OSError | None:
    """Bind host:port the way open_listener does and let go at once: None when a listener could
    bind it now, else the OSError bind() raised (errno says why). Port 0 asks only whether the
    host is an address of this machine. Raises ValueError when host is neither an IP literal
    nor "localhost": names are not resolved here, since a slow DNS answer must never freeze the
    editor or a save."""
    if host == "localhost":
        host = "127.0.0.1"
    packed = packed_ip(host)
    if packed is None:
        raise ValueError(f"{host!r} is not an IP address")
    family = socket.AF_INET6 if len(packed) == 16 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            _set_address_reuse(probe)
            if family == socket.AF_INET6 and not any(packed):
                # "::" takes IPv4 too on a dual-stack system: an IPv4 listener holds it.
                with contextlib.suppress(OSError):
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            probe.bind((host, port))
    except OSError as error:
        return error
    return None


def can_listen(host: str, port: int) -> bool | None:
    """True if a listener could bind host:port now; None when host is not an IP literal or
    "localhost" (not resolved: see bind_failure)."""
    try:
        return bind_failure(host, port) is None
    except ValueError:
        return None


def next_free_port(
    host: str, after: int, attempts: int = 200, skip: Collection[int] = ()
) -> int | None:
    """The first port above `after` (wrapping from 65535 to 1024) that host can listen on and
    that is not in `skip`, trying at most `attempts` ports; None when none is found. A host
    that cannot be checked (a name) counts every port as free."""
    port = after
    for _ in range(attempts):
        port = port + 1 if port < 65535 else 1024
        if port not in skip and can_listen(host, port) is not False:
            return port
    return None


# The word a display replaces with the program's name when the system tells who holds a port.
ANOTHER_PROGRAM = N_("another program")


def bind_error_message(exc: OSError, host: str, port: int) -> str:
    """Turn a bind()/listen() failure into a full sentence naming the address."""
    return str(bind_error(exc, host, port))


def bind_error(exc: OSError, host: str, port: int) -> TunnelStartError:
    """The TunnelStartError of a bind()/listen() failure: a sentence naming the address and what
    to do, with its template kept for translation."""
    address = format_address(host, port)
    if exc.errno == errno.EADDRINUSE:
        return TunnelStartError.sentence(
            N_(
                "{address} is already in use by {holder}. "
                "Choose another port or stop the program using it."
            ),
            words=("holder",),
            address=address,
            holder=ANOTHER_PROGRAM,
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        if 0 < port < 1024:
            return TunnelStartError.sentence(
                N_(
                    "Permission denied to listen on {address}: ports below 1024 need "
                    "administrator rights. Choose a port of 1024 or above."
                ),
                address=address,
            )
        return TunnelStartError.sentence(
            N_("Permission denied to listen on {address}. Choose another address or port."),
            address=address,
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return TunnelStartError.sentence(
            N_(
                "Cannot listen on {address}: {host} is not an address of this machine. "
                "Use 127.0.0.1 (this machine only), 0.0.0.0 (all networks) or one of this "
                "machine's addresses."
            ),
            address=address,
            host=host,
        )
    if exc.errno == errno.EAFNOSUPPORT:
        return TunnelStartError.sentence(
            N_("Cannot listen on {address}: this machine does not support that address family."),
            address=address,
        )
    return TunnelStartError.sentence(
        N_("Cannot listen on {address}: {reason}."), address=address, reason=exc.strerror or exc
    )
