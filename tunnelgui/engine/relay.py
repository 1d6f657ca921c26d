"""A relay: one client connection and one target connection, moving bytes both ways."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import struct
from time import monotonic, time
from typing import TYPE_CHECKING

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.buffers import COPY_CHUNK, SPLICE_CHUNK, SharedBuffers
from tunnelgui.engine.congestion import is_loopback, use
from tunnelgui.engine.loop import EVENT_READ, EVENT_WRITE
from tunnelgui.engine.resolver import Resolved
from tunnelgui.engine.stats import ConnectionStats

if TYPE_CHECKING:
    from tunnelgui.engine.tunnel import Tunnel

R = EVENT_READ
W = EVENT_WRITE

# A readable socket is drained for at most this many reads before other sockets get a turn.
DRAIN_ROUNDS = 8

CONNECTING = "connecting"
OPEN = "open"
CLOSING = "closing"  # one direction has ended, the other still flows
CLOSED = "closed"

# connect_ex() results meaning "in progress" (or done): wait for writability.
CONNECT_PENDING = {0, errno.EINPROGRESS, errno.EAGAIN, getattr(errno, "WSAEWOULDBLOCK", 10035)}
# Failing to get a socket or buffer for these reasons is this process's problem, not the peer's.
OUT_OF_RESOURCES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_LINGER_RESET = struct.pack("ii", 1, 0)  # close() then sends RST instead of FIN
_RESETS = {errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED, errno.ENOTCONN}
_SPLICE_FLAGS = getattr(os, "SPLICE_F_MOVE", 0) | getattr(os, "SPLICE_F_NONBLOCK", 0)
_splice = getattr(os, "splice", None)
_SOCK_NONBLOCK = getattr(socket, "SOCK_NONBLOCK", 0)


def connect_error_text(code: int) -> str:
    """errno of a failed connect -> a short phrase ("connection refused")."""
    if code == errno.ECONNREFUSED:
        return "connection refused"
    if code == errno.ETIMEDOUT:
        return "timed out"
    return os.strerror(code).lower()


def nonblocking_socket(family: int) -> socket.socket:
    """A non-blocking TCP socket (in one system call where the platform allows)."""
    if _SOCK_NONBLOCK:
        return socket.socket(family, socket.SOCK_STREAM | _SOCK_NONBLOCK)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    return sock


def connect_result(sock: socket.socket) -> int | None:
    """None while a non-blocking connect is in progress; then 0 or the error number."""
    try:
        sock.getpeername()
    except OSError:
        return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) or None
    return 0


class Half:
    """One direction: reads `src`, writes `dst` at once, counts the bytes `dst` accepted.

    Reads go into the loop's shared buffer; only when `dst` takes less than was read does this
    direction keep the rest (`pending`) and stop reading until `dst` is writable again.
    """

    __slots__ = (
        "buffers",
        "count",
        "dfd",
        "dst",
        "eof",
        "left",
        "pending",
        "pipe",
        "relay",
        "sfd",
        "shut",
        "src",
        "stalled",
    )

    def __init__(
        self,
        relay: Relay,
        src: socket.socket,
        sfd: int,
        dst: socket.socket,
        dfd: int,
        buffers: SharedBuffers,
    ) -> None:
        self.relay = relay
        self.src = src
        self.sfd = sfd
        self.dst = dst
        self.dfd = dfd
        self.buffers = buffers
        self.count = 0  # bytes written to dst
        self.pending: memoryview | None = None
        self.pipe: tuple[int, int] | None = None  # SpliceHalf: a pipe holding `left` bytes
        self.left = 0
        self.stalled = False  # bytes wait for dst: src is not read meanwhile
        self.eof = False  # src has ended
        self.shut = False  # dst got shutdown(SHUT_WR)

    def pump(self) -> None:
        """src is readable: move what it has to dst, until it is empty or dst is full."""
        view = self.buffers.view
        recv_into = self.src.recv_into
        send = self.dst.send
        for _ in range(DRAIN_ROUNDS):
            try:
                n = recv_into(view)
            except BlockingIOError:
                return
            except OSError as exc:
                self.relay.failed(self, exc, reading=True)
                return
            if not n:
                self.relay.ended(self)
                return
            try:
                sent = send(view[:n])
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self.relay.failed(self, exc, reading=False)
                return
            self.count += sent
            if sent < n:
                self.pending = memoryview(view[sent:n].tobytes())
                self.stalled = True
                self.relay.sync()
                return
            if n < COPY_CHUNK:
                return  # a short read means src is empty; another recv would only fail

    def flush(self) -> None:
        """dst is writable again: send what waited, then read on at once."""
        pending = self.pending
        try:
            sent = self.dst.send(pending)
        except BlockingIOError:
            return
        except OSError as exc:
            self.relay.failed(self, exc, reading=False)
            return
        self.count += sent
        if sent < len(pending):
            self.pending = pending[sent:]
            return
        self.pending = None
        self.resume()

    def resume(self) -> None:
        self.stalled = False
        if self.eof:
            self.relay.ended(self)
            return
        self.pump()
        self.relay.sync()

    def release(self) -> None:
        """The relay is closing: drop whatever waited."""
        self.pending = None

    def held(self) -> int:
        """Bytes read from src and not yet written to dst."""
        return len(self.pending) if self.pending is not None else 0


class SpliceHalf(Half):
    """Linux: bytes go socket -> pipe -> socket with os.splice and never enter Python.

    The loop's scratch pipe is used while it stays empty; when dst takes less than was read,
    this direction keeps that pipe until it drains (or, past the cap on held pipes, copies the
    rest into memory), so idle connections hold no pipe.
    """

    __slots__ = ()

    def pump(self) -> None:
        buffers = self.buffers
        pipe = buffers.scratch
        if pipe is None:
            try:
                pipe = buffers.scratch_pipe()
            except OSError:
                Half.pump(self)  # no pipe to be had (out of fds): copy instead
                return
        pipe_out, pipe_in = pipe
        sfd = self.sfd
        dfd = self.dfd
        splice = _splice
        for _ in range(DRAIN_ROUNDS):
            try:
                n = splice(sfd, pipe_in, SPLICE_CHUNK, None, None, _SPLICE_FLAGS)
            except BlockingIOError:
                return
            except OSError as exc:
                self.relay.failed(self, exc, reading=True)
                return
            if not n:
                self.relay.ended(self)
                return
            try:
                sent = splice(pipe_out, dfd, n, None, None, _SPLICE_FLAGS)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                buffers.spoil_scratch()
                self.relay.failed(self, exc, reading=False)
                return
            self.count += sent
            if sent < n:
                self._hold(n - sent)
                return
            if n < SPLICE_CHUNK:
                return

    def _hold(self, left: int) -> None:
        """dst is full with `left` bytes still in the scratch pipe: keep them for later."""
        buffers = self.buffers
        pipe = buffers.take_scratch()
        if pipe is None:
            # Too many stalled directions hold pipes: keep these bytes in memory instead.
            self.pending = memoryview(os.read(buffers.scratch[0], left))
        else:
            self.pipe = pipe
            self.left = left
        self.stalled = True
        self.relay.sync()

    def flush(self) -> None:
        pipe = self.pipe
        if pipe is None:
            Half.flush(self)
            return
        try:
            sent = _splice(pipe[0], self.dfd, self.left, None, None, _SPLICE_FLAGS)
        except BlockingIOError:
            return
        except OSError as exc:
            self.relay.failed(self, exc, reading=False)
            return
        self.count += sent
        self.left -= sent
        if self.left:
            return
        self.pipe = None
        self.buffers.give_back(pipe, empty=True)
        self.resume()

    def held(self) -> int:
        return self.left if self.pipe is not None else Half.held(self)

    def release(self) -> None:
        self.pending = None
        if self.pipe is not None:
            self.buffers.give_back(self.pipe, empty=False)
            self.pipe = None


class Relay:
    """A client accepted by a tunnel, its connection to the target, and the two directions.

    Lifecycle: connecting (resolving and connecting to the target) -> open -> closing (one
    direction ended) -> closed. All methods run on the loop thread.
    """

    __slots__ = (
        "addresses",
        "cfd",
        "client",
        "cmask",
        "conn_id",
        "down",
        "first_end",
        "idle_seen",
        "idle_since",
        "next_address",
        "peer",
        "started_at",
        "state",
        "target",
        "tfd",
        "tmask",
        "tunnel",
        "up",
    )

    def __init__(
        self, tunnel: Tunnel, conn_id: int, client: socket.socket, cfd: int, peer: tuple
    ) -> None:
        self.tunnel = tunnel
        self.conn_id = conn_id
        self.client = client
        self.cfd = cfd
        self.peer = peer
        self.started_at = time()
        self.target: socket.socket | None = None
        self.tfd = -1
        self.cmask = 0  # events registered for the client socket (0 = not registered)
        self.tmask = 0
        self.up: Half | None = None  # client -> target
        self.down: Half | None = None  # target -> client
        self.state = CONNECTING
        self.addresses: tuple = ()
        self.next_address = 0
        self.first_end = ""  # "client" or "target": who ended its direction first
        self.idle_seen = 0
        self.idle_since = 0.0

    # -- connecting ----------------------------------------------------------------------

    def connect(self, resolved: Resolved) -> None:
        """Start connecting to the target's addresses, in order (called once they are known)."""
        if self.state is not CONNECTING:
            return  # closed while the name was being resolved
        if resolved.error:
            self.connect_failed(resolved.error)
            return
        self.addresses = resolved.addresses
        self.next_address = 0
        self._connect_next("no address to connect to")

    def retry(self) -> None:
        """Try again to connect after running out of file descriptors."""
        if self.state is CONNECTING:
            self._connect_next("no address to connect to")

    def _connect_next(self, last_error: str) -> None:
        addresses = self.addresses
        while self.next_address < len(addresses):
            family, sockaddr = addresses[self.next_address]
            self.next_address += 1
            try:
                sock = nonblocking_socket(family)
            except OSError as exc:
                if exc.errno in OUT_OF_RESOURCES:
                    # Our own limit, not the target's: retry this address once fds free up
                    # (the connect timeout still bounds the wait).
                    self.next_address -= 1
                    self.tunnel.starved(self, exc)
                    return
                last_error = exc.strerror or str(exc)
                continue
            # Forward each chunk as soon as it arrives; the peers chose their own write sizes.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            loopback_cc = self.tunnel.loopback_cc
            if loopback_cc is not None and is_loopback(sockaddr[0]):
                use(sock, loopback_cc)
            code = sock.connect_ex(sockaddr)
            if code in CONNECT_PENDING:
                self.target = sock
                self.tfd = sock.fileno()
                # On loopback the handshake completes inside connect(): skip a loop round.
                code = connect_result(sock)
                if code is None:
                    self.tunnel.selector.register(self.tfd, W, self._on_connected)
                    self.tmask = W
                elif code:
                    self.target = None
                    sock.close()
                    last_error = connect_error_text(code)
                    continue
                else:
                    self._open()
                return
            sock.close()
            last_error = connect_error_text(code)
        self.connect_failed(last_error)

    def _on_connected(self, _mask: int) -> None:
        code = connect_result(self.target)
        if code is None:
            return  # a spurious wake-up: still connecting
        self.tunnel.selector.unregister(self.tfd)
        self.tmask = 0
        if code:
            self.target.close()
            self.target = None
            self._connect_next(connect_error_text(code))
        else:
            self._open()

    def _open(self) -> None:
        self.state = OPEN
        target = self.target
        buffers = self.tunnel.buffers
        half = SpliceHalf if buffers.splice else Half
        client = self.client
        self.up = half(self, client, self.cfd, target, self.tfd, buffers)
        self.down = half(self, target, self.tfd, client, self.cfd, buffers)
        selector = self.tunnel.selector
        selector.register(self.tfd, R, self._on_target)
        self.tmask = R
        selector.register(self.cfd, R, self._on_client)
        self.cmask = R
        self.idle_since = monotonic()
        self.tunnel.relay_opened(self)
        # Most clients speak first and have spoken by now: relay it without a loop round.
        self.up.pump()

    def connect_failed(self, reason: str, target_fault: bool = True) -> None:
        if self.state is CLOSED:
            return
        self.state = CLOSED
        # Recorded before the sockets close, so whoever sees the close also finds the event.
        self.tunnel.relay_failed(self, reason, target_fault)
        self._release(abort=False)

    # -- relaying (the hot path) --------------------------------------------------------

    def _on_client(self, mask: int) -> None:
        if self.state is CLOSED:
            return  # an event from before the close, in the same round
        if mask & W:
            self.down.flush()
            if self.state is CLOSED:
                return
        if mask & R:
            self.up.pump()

    def _on_target(self, mask: int) -> None:
        if self.state is CLOSED:
            return
        if mask & W:
            self.up.flush()
            if self.state is CLOSED:
                return
        if mask & R:
            self.down.pump()

    def sync(self) -> None:
        """Register exactly the events the two directions wait for, touching only changes."""
        if self.state is CLOSED:
            return
        up = self.up
        down = self.down
        cmask = (0 if up.eof or up.stalled else R) | (W if down.stalled else 0)
        tmask = (0 if down.eof or down.stalled else R) | (W if up.stalled else 0)
        if cmask != self.cmask:
            self._set_events(self.cfd, self.cmask, cmask, self._on_client)
            self.cmask = cmask
        if tmask != self.tmask:
            self._set_events(self.tfd, self.tmask, tmask, self._on_target)
            self.tmask = tmask

    def _set_events(self, fd: int, old: int, new: int, handler) -> None:
        selector = self.tunnel.selector
        if not old:
            selector.register(fd, new, handler)
        elif not new:
            selector.unregister(fd)
        else:
            selector.modify(fd, new, handler)

    def ended(self, half: Half) -> None:
        """half's source sent EOF: once its bytes are out, pass the EOF on as a shutdown."""
        half.eof = True
        if not self.first_end:
            self.first_end = "client" if half is self.up else "target"
        if half.stalled:
            self.sync()  # stop reading; the shutdown follows when dst has taken the rest
            return
        other = self.down if half is self.up else self.up
        if other.shut:
            # Both directions are done: close() sends the last FIN, no shutdown() needed.
            half.shut = True
            self.close(f"was closed by the {self.first_end}")
            return
        if not half.shut:
            half.shut = True
            try:  # noqa: SIM105 - cheaper than contextlib.suppress, once per connection
                half.dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the peer is gone already; the other direction will find out
        self.state = CLOSING
        self.sync()

    def failed(self, half: Half, exc: OSError, reading: bool) -> None:
        """A socket error: close both sides at once, passing a reset on to the other peer."""
        client_side = (half is self.up) == reading
        side = "client" if client_side else "target"
        if exc.errno in _RESETS:
            reason = f"was reset by the {side}"
        elif exc.errno == errno.ETIMEDOUT:
            reason = f"timed out on the {side} side"
        else:
            reason = f"failed on the {side} side ({exc.strerror or exc})"
        self.close(reason, abort=True)

    # -- closing -------------------------------------------------------------------------

    def close(self, reason: str, abort: bool = False) -> None:
        """Close both sockets now (abort: with a reset, for errors) and tell the tunnel."""
        if self.state is CLOSED:
            return
        self.state = CLOSED
        # Recorded before the sockets close, so whoever sees the close also finds the event.
        self.tunnel.relay_closed(self, reason)
        self._release(abort)

    def crash(self) -> None:
        """The loop's last resort when a handler raised: the relay is dropped."""
        self.close("was dropped after an internal error", abort=True)

    def _release(self, abort: bool) -> None:
        selector = self.tunnel.selector
        if self.cmask:
            selector.unregister(self.cfd)
            self.cmask = 0
        if self.tmask:
            selector.unregister(self.tfd)
            self.tmask = 0
        for sock in (self.client, self.target):
            if sock is None:
                continue
            if abort:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
            sock.close()
        if self.up is not None:
            self.up.release()
            self.down.release()

    # -- reporting -----------------------------------------------------------------------

    def bytes_to_target(self) -> int:
        return self.up.count if self.up is not None else 0

    def bytes_to_client(self) -> int:
        return self.down.count if self.down is not None else 0

    def held_bytes(self) -> int:
        if self.up is None:
            return 0
        return self.up.held() + self.down.held()

    def stats(self) -> ConnectionStats:
        return ConnectionStats(
            conn_id=self.conn_id,
            peer=format_address(self.peer[0], self.peer[1]),
            started_at=self.started_at,
            bytes_to_target=self.bytes_to_target(),
            bytes_to_client=self.bytes_to_client(),
            state=self.state,
        )
