"""Target connectors: how a tunnel opens the target end of a relay (or of a health probe).

A TargetConnector belongs to one tunnel and runs on the loop thread. connect(on_connected,
on_failed) starts one Attempt; exactly one of on_connected(end) or on_failed(reason,
target_fault) follows (possibly before connect() returns), unless the attempt is cancelled.
The base class enforces the connect timeout for every attempt with one timer and keeps the
attempts that ran out of file descriptors until the tunnel has some to spare; subclasses only
say how one attempt begins. New transports are new connectors registered for a transport value
type (see CONNECTORS and Engine(connectors=...)); the relay never changes.
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable, Mapping
from time import monotonic

from tunnelgui.engine.attempt import (
    NO_ADDRESS,
    Attempt,
    Connected,
    Failed,
    connect_error_text,
    connect_result,
)
from tunnelgui.engine.congestion import is_loopback, use
from tunnelgui.engine.ends import TargetEnd, TargetSocket, nonblocking_socket
from tunnelgui.engine.loop import Timer
from tunnelgui.engine.messages import N_, NO_ANSWER, Phrase
from tunnelgui.engine.resolver import Resolved, numeric_addresses
from tunnelgui.engine.spec import TcpTransport, UnixSocketTransport

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from tunnelgui.engine.tunnel import Tunnel

# connect_ex() results meaning "in progress" (or done): wait for writability.
CONNECT_PENDING = {0, errno.EINPROGRESS, errno.EAGAIN, getattr(errno, "WSAEWOULDBLOCK", 10035)}
# Failing to get a socket or buffer for these reasons is this process's problem, not the peer's.
OUT_OF_RESOURCES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
# A Unix socket whose listen backlog is full refuses a non-blocking connect with EAGAIN and
# nothing is in progress: try again after this long (the connect timeout still bounds it).
UNIX_BACKLOG_RETRY = 0.01
_EAGAIN = errno.EAGAIN
_EINPROGRESS = errno.EINPROGRESS
_EALREADY = errno.EALREADY
# A second connect() on a non-blocking TCP socket reports the first one's outcome (and never
# starts another) on Linux; elsewhere connect_result() asks.
CONNECT_AGAIN_TELLS = sys.platform.startswith("linux")
# RFC 8305's "Connection Attempt Delay": an address gets this long alone before the next starts.
CONNECTION_ATTEMPT_DELAY = 0.25


class TargetConnector:
    """Opens target ends for one tunnel; subclasses implement begin(attempt)."""

    # Does a connected end prove the target reachable? (Not through an SSH hop: ssh's socket
    # answers first and only then asks the server to connect.)
    connect_proves_target = True
    # Are the target ends TCP sockets that should get keepalive (spec.tcp_keepalive) once their
    # connection outlives keepalive.DELAY? The tunnel sets it on relay.target then.
    keepalive_later = False
    # A hop's state and reason for the snapshot (None: no hop).
    hop_state: object = None
    hop_error = ""
    # An SSH hop's ssh_handoff.Handoff: its tunnel hands unshaped clients to the ssh master.
    handoff: object = None
    # Does bulk_started() want to hear when a relay's upload toward one of its ends turns
    # into bulk?
    tune_on_bulk = False

    def __init__(self, tunnel: Tunnel) -> None:
        self.tunnel = tunnel
        self.loop = tunnel.loop
        self.selector = tunnel.selector
        self.timeout = tunnel.spec.connect_timeout
        # Attempts in progress, oldest first; all share one timeout, so the first one is
        # always the next to time out and one timer serves them all.
        self.pending: dict[Attempt, float] = {}
        self.starved_attempts: list[Attempt] = []  # waiting for a free fd
        self._timer: Timer | None = None

    def connect(self, on_connected: Connected, on_failed: Failed) -> Attempt | None:
        """Start opening a target end; None: on_connected() has had it already."""
        attempt = self.track(Attempt(self, on_connected, on_failed))
        self.begin(attempt)
        return attempt

    def track(self, attempt: Attempt) -> Attempt:
        """attempt's connect timeout starts now."""
        self.pending[attempt] = monotonic() + self.timeout
        if self._timer is None:
            self._timer = self.loop.call_later(self.timeout, self._check_deadlines)
        return attempt

    def begin(self, attempt: Attempt) -> None:
        raise NotImplementedError

    def probe(self, on_connected: Connected, on_failed: Failed) -> Attempt | None:
        """A health probe's connect: by default an ordinary one."""
        return self.connect(on_connected, on_failed)

    def check_name(self, on_error: Callable[[str], None]) -> None:
        """Without connecting, report early what would make every attempt fail (a bad name)."""

    def target_failed(self) -> None:
        """Connects to the target failed: forget what may be stale (a resolved address)."""

    def bulk_started(self, end: TargetEnd) -> None:
        """A relay uploads bulk toward end (tune_on_bulk): set what only bulk needs."""

    def starved(self, attempt: Attempt, exc: OSError) -> None:
        """No fd for attempt: it waits until the tunnel resumes accepting (retry_starved)."""
        self.starved_attempts.append(attempt)
        self.tunnel.pause_accepting(exc)

    def retry_starved(self) -> None:
        starved, self.starved_attempts = self.starved_attempts, []
        for attempt in starved:
            if not attempt.done:
                self.begin_again(attempt)  # may starve again

    def begin_again(self, attempt: Attempt) -> None:
        """Resume an attempt that starved (by default: from the start)."""
        self.begin(attempt)

    def close(self) -> None:
        """The tunnel stops: cancel every attempt still in progress."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for attempt in list(self.pending):
            attempt.cancel()

    def _check_deadlines(self) -> None:
        self._timer = None
        now = monotonic()
        pending = self.pending
        timeout = self.timeout
        while pending:
            attempt, deadline = next(iter(pending.items()))
            if deadline > now:
                self._timer = self.loop.call_later(deadline - now, self._check_deadlines)
                return
            if attempt in self.starved_attempts:
                attempt.fail(
                    Phrase(
                        N_("no file descriptor became free within {seconds:g} s"), seconds=timeout
                    ),
                    target_fault=False,
                )
            else:
                attempt.fail(Phrase(NO_ANSWER, seconds=timeout))


class SocketConnector(TargetConnector):
    """Connects a non-blocking stream socket to the addresses of a list, Happy Eyeballs style.

    RFC 8305: the first address starts; when it has no outcome after a short delay, the next
    one starts beside it, and so on. The first to connect wins and the others are closed; an
    address that fails (refused) hands over to the next at once. So one host that silently
    drops SYNs in a round-robin name costs a client a fraction of a second, not the timeout.
    """

    # Addresses known without a lookup (an IP literal): connect() tries the first itself
    # before there is any Attempt. None: every connect goes through begin().
    at_once: tuple | None = None

    def connect(self, on_connected: Connected, on_failed: Failed) -> Attempt | None:
        addresses = self.at_once
        if addresses is None:
            return TargetConnector.connect(self, on_connected, on_failed)
        family, sockaddr = addresses[0]
        try:
            sock = nonblocking_socket(family)
        except OSError:
            # Out of fds, say: the general path knows how to wait for one.
            return TargetConnector.connect(self, on_connected, on_failed)
        self.tune(sock, sockaddr)
        code = sock.connect_ex(sockaddr)
        if code == _EINPROGRESS and CONNECT_AGAIN_TELLS:
            # Asked again, Linux says how the first connect went: 0 (connected), EALREADY (in
            # progress) or its error; getpeername() would also format the peer's address.
            result = sock.connect_ex(sockaddr)
            if result == _EALREADY:
                result = None
        elif code in CONNECT_PENDING and code != _EAGAIN:
            result = connect_result(sock)
        else:
            result = code  # failed at once, or EAGAIN (see _started)
        if result == 0:
            # On loopback the handshake completes inside connect(): the end is handed over
            # at once, with no Attempt, deadline or loop round to pay for.
            on_connected(sock)
            return None
        # Not yet (or not at all): an Attempt carries on from this socket, as begin() would.
        attempt = self.track(Attempt(self, on_connected, on_failed))
        attempt.addresses = addresses
        attempt.next_address = 1
        if code == _EAGAIN:
            started = self._started(attempt, sock, code)
        else:
            started = self._settled(attempt, sock, result)
        if not started:
            self.connect_next(attempt, attempt.last_error)
        return attempt

    def connect_to(self, attempt: Attempt, addresses: tuple) -> None:
        attempt.addresses = addresses
        attempt.next_address = 0
        self.connect_next(attempt, NO_ADDRESS)

    def begin_again(self, attempt: Attempt) -> None:
        self.connect_next(attempt, attempt.last_error)

    def tune(self, sock: socket.socket, sockaddr: object) -> None:
        """Socket options to set before connecting."""

    def stagger_delay(self, attempt: Attempt) -> float:
        """How long an address has alone before the next one starts beside it.

        RFC 8305's 250 ms, shortened so that every address starts well within the timeout.
        """
        return min(CONNECTION_ATTEMPT_DELAY, self.timeout / (len(attempt.addresses) + 1))

    def connect_next(self, attempt: Attempt, last_error: str) -> None:
        """Start the next address that does not fail at once; fail when none is left."""
        attempt.last_error = last_error
        if attempt.stagger is not None:
            attempt.stagger.cancel()
            attempt.stagger = None
        if attempt.done:
            return
        addresses = attempt.addresses
        while attempt.next_address < len(addresses):
            family, sockaddr = addresses[attempt.next_address]
            attempt.next_address += 1
            try:
                sock = nonblocking_socket(family)
            except OSError as exc:
                if exc.errno in OUT_OF_RESOURCES:
                    # Our own limit, not the target's: retry this address once fds free up
                    # (the connect timeout still bounds the wait).
                    attempt.next_address -= 1
                    if attempt.racing:
                        self._stagger(attempt)  # the ones in progress may still win
                    else:
                        self.starved(attempt, exc)
                    return
                attempt.last_error = exc.strerror or str(exc)
                continue
            self.tune(sock, sockaddr)
            if self._started(attempt, sock, sock.connect_ex(sockaddr)):
                return
        if not attempt.racing:
            attempt.fail(attempt.last_error)

    def _started(self, attempt: Attempt, sock: TargetSocket, code: int) -> bool:
        """sock's connect_ex() said `code`: False when this address failed (sock is closed,
        attempt.last_error says why), True when the attempt needs no other address now."""
        if code in CONNECT_PENDING:
            # EAGAIN: nothing in progress (a Unix socket's full queue); TCP never says it.
            if code == _EAGAIN and self.retry_later(attempt, sock, code):
                return True
            # On loopback the handshake completes inside connect(): skip a loop round.
            return self._settled(attempt, sock, connect_result(sock))
        return self._settled(attempt, sock, code)

    def _settled(self, attempt: Attempt, sock: TargetSocket, result: int | None) -> bool:
        """_started() once the connect's state is known (None: in progress, 0: connected)."""
        if result is None:
            attempt.watch(sock)
            if attempt.next_address < len(attempt.addresses):
                self._stagger(attempt)
            return True
        if not result:
            attempt.succeed(sock)
            return True
        sock.close()
        attempt.last_error = connect_error_text(result)
        return False

    def _stagger(self, attempt: Attempt) -> None:
        def start_next() -> None:
            attempt.stagger = None
            if not attempt.done:
                self.connect_next(attempt, attempt.last_error)

        attempt.stagger = self.loop.call_later(self.stagger_delay(attempt), start_next)

    def retry_later(self, attempt: Attempt, sock: socket.socket, code: int) -> bool:
        """True when `code` means "try this address again soon" (retry_later closed sock)."""
        return False


class TcpConnector(SocketConnector):
    """TCP to the spec's target_host:target_port, racing the resolved addresses in order."""

    keepalive_later = True  # the tunnel sets it once a connection outlives keepalive.DELAY

    def __init__(self, tunnel: Tunnel) -> None:
        super().__init__(tunnel)
        spec = tunnel.spec
        self.host = spec.target_host
        self.port = spec.target_port
        self.resolver = tunnel.resolver
        # IP literals never need a lookup; host names go through the resolver and its cache.
        self.fixed = numeric_addresses(self.host, self.port)
        if self.fixed is not None:
            self.at_once = self.fixed.addresses
        self.loopback_cc = tunnel.loopback_cc
        self.tune_on_bulk = self.loopback_cc is not None
        self.known_addresses: tuple = ()  # the last answer for the name, to log a change

    def begin(self, attempt: Attempt) -> None:
        fixed = self.fixed
        if fixed is not None:
            # connect_to() inlined: this runs once per client of a tunnel to an IP literal.
            attempt.addresses = fixed.addresses
            attempt.next_address = 0
            self.connect_next(attempt, NO_ADDRESS)
        else:
            self.resolver.resolve(
                self.host, self.port, lambda resolved: self._resolved(attempt, resolved)
            )

    def _resolved(self, attempt: Attempt, resolved: Resolved) -> None:
        if attempt.done:
            return  # cancelled or timed out while the name was being resolved
        if resolved.error:
            attempt.fail(resolved.error)
            return
        self.note_addresses(resolved)
        self.connect_to(attempt, resolved.addresses)

    def note_addresses(self, resolved: Resolved) -> None:
        addresses = resolved.addresses
        known = self.known_addresses
        self.known_addresses = addresses
        if known and addresses != known and self.fixed is None:
            self.tunnel.target_moved(_address_list(known), _address_list(addresses))

    def target_failed(self) -> None:
        if self.fixed is None:
            self.resolver.forget(self.host, self.port)

    def tune(self, sock: socket.socket, sockaddr: object) -> None:
        # Forward each chunk as soon as it arrives; the peers chose their own write sizes.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def bulk_started(self, end: TargetEnd) -> None:
        # The congestion control only matters once bytes stream: a short exchange keeps the
        # system default and skips the setsockopt (congestion.py).
        try:
            host = end.getpeername()[0]  # type: ignore[attr-defined]  # a TargetSocket
        except OSError:
            return  # the connection is ending
        if is_loopback(host):
            use(end, self.loopback_cc)  # type: ignore[arg-type]

    def check_name(self, on_error: Callable[[str], None]) -> None:
        if self.fixed is None:

            def answered(resolved: Resolved) -> None:
                if resolved.error:
                    on_error(resolved.error)
                else:
                    self.note_addresses(resolved)

            self.resolver.resolve(self.host, self.port, answered)


class UnixSocketConnector(SocketConnector):
    """A Unix stream socket at a path (an SSH client's `-L PATH:host:port` listens there)."""

    def __init__(self, tunnel: Tunnel, path: str) -> None:
        super().__init__(tunnel)
        self.addresses = ((socket.AF_UNIX, path),)

    def begin(self, attempt: Attempt) -> None:
        self.connect_to(attempt, self.addresses)

    def retry_later(self, attempt: Attempt, sock: socket.socket, code: int) -> bool:
        if code != errno.EAGAIN:
            return False
        sock.close()
        attempt.next_address -= 1
        self.loop.call_later(UNIX_BACKLOG_RETRY, lambda: self._retry(attempt))
        return True

    def _retry(self, attempt: Attempt) -> None:
        if not attempt.done:
            self.connect_next(attempt, N_("the socket's listen queue stays full"))


def _address_list(addresses: tuple) -> str:
    return ", ".join(dict.fromkeys(sockaddr[0] for _family, sockaddr in addresses))


ConnectorFactory = Callable[["Tunnel", object], TargetConnector]

# The connector for each transport value type; Engine(connectors=...) adds more.
CONNECTORS: Mapping[type, ConnectorFactory] = {
    TcpTransport: lambda tunnel, _transport: TcpConnector(tunnel),
    UnixSocketTransport: lambda tunnel, transport: UnixSocketConnector(tunnel, transport.path),
}
