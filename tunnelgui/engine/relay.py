"""A relay: one client connection and one target end, moving bytes both ways."""

from __future__ import annotations

import contextlib
import errno
import socket
import struct
from time import monotonic, time

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.congestion import is_loopback, use
from tunnelgui.engine.connector import Attempt
from tunnelgui.engine.directions import DirectSpliceHalf, Half, SpliceHalf
from tunnelgui.engine.ends import LINGER_RESET, TargetEnd
from tunnelgui.engine.loop import EVENT_READ, EVENT_WRITE
from tunnelgui.engine.messages import N_, Phrase
from tunnelgui.engine.states import ConnectionState
from tunnelgui.engine.stats import ConnectionStats

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from collections.abc import Callable

    from tunnelgui.engine.tunnel import Tunnel

R = EVENT_READ
W = EVENT_WRITE

# Module globals, not enum attribute lookups: the hot path compares against them.
CONNECTING = ConnectionState.CONNECTING
OPEN = ConnectionState.OPEN
CLOSING = ConnectionState.CLOSING
CLOSED = ConnectionState.CLOSED

try:
    from fcntl import ioctl
    from termios import FIONREAD as _INQ  # SIOCINQ for sockets: bytes received, not yet read
    from termios import TIOCOUTQ as _OUTQ  # SIOCOUTQ for sockets: bytes not yet acknowledged
except ImportError:  # Windows, or no such request on this system: nothing is subtracted
    _INQ = _OUTQ = None

_RESETS = {errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED, errno.ENOTCONN}
_CLOSED_BY = {"client": N_("was closed by the client"), "target": N_("was closed by the target")}
_RESET_BY = {"client": N_("was reset by the client"), "target": N_("was reset by the target")}
_TIMED_OUT = {
    "client": N_("timed out on the client side"),
    "target": N_("timed out on the target side"),
}
_FAILED_ON = {
    "client": N_("failed on the client side ({error})"),
    "target": N_("failed on the target side ({error})"),
}


def _queued(fd: int, request: int | None) -> int:
    if request is None:
        return 0
    try:
        return struct.unpack("i", ioctl(fd, request, b"\0\0\0\0"))[0]
    except OSError:
        return 0


def unsent_bytes(fd: int) -> int:
    """Bytes written to a TCP socket that its peer has not acknowledged (0 if unknown)."""
    return _queued(fd, _OUTQ)


def unread_bytes(fd: int) -> int:
    """Bytes a socket has received that nobody has read from it yet (0 if unknown)."""
    return _queued(fd, _INQ)


class _Released:
    """What a released half's `relay` becomes: a closed relay that ignores what it is told.

    Relay and halves point at each other; cutting that cycle at the close lets them go with
    their last reference instead of waiting for the cycle collector, whose rounds (every few
    hundred connections, over every young object) cost a short connection 7% of its
    instructions. A half still on the stack when the relay closed (a pump returning through
    resume(), a shaped half's timer) may still call these on its way out.
    """

    __slots__ = ()
    state = CLOSED
    up = down = None
    handed = False

    def sync(self) -> None:
        pass

    def ended(self, half: Half) -> None:
        pass

    def failed(self, half: Half, exc: OSError, reading: bool) -> None:
        pass

    def bulk(self, half: Half) -> None:
        pass

    def close(self, reason: str, abort: bool = False) -> None:
        pass

    def crash(self) -> None:
        pass


RELEASED = _Released()


class Relay:
    """A client accepted by a tunnel, its target end, and the two directions.

    Lifecycle: connecting (the tunnel's connector opens the target end) -> open -> closing
    (one direction ended) -> closed. All methods run on the loop thread. The target end may
    be a socket (one fd) or a pair of pipe fds; a pipe's read fd is watched for reading and
    its write fd for writing, both with the same handler.
    """

    __slots__ = (
        "attempt",
        "cfd",
        "client",
        "cmask",
        "conn_id",
        "discarded_to_client",
        "discarded_to_target",
        "down",
        "first_end",
        "idle_seen",
        "idle_since",
        "peer",
        "started_at",
        "state",
        "target",
        "tfd",
        "tmask",
        "tunnel",
        "twfd",
        "up",
    )

    handed = False  # a HandedConnection (ssh_handoff.py) says True: ssh moves its bytes

    def __init__(
        self, tunnel: Tunnel, conn_id: int, client: socket.socket, cfd: int, peer: tuple
    ) -> None:
        self.tunnel = tunnel
        self.conn_id = conn_id
        self.client = client
        self.cfd = cfd
        self.peer = peer
        self.started_at = time()
        self.target: TargetEnd | None = None
        self.attempt: Attempt | None = None  # the connector's, while connecting
        self.tfd = -1  # the target end's read fd
        self.twfd = -1  # its write fd (the same fd for a socket)
        self.cmask = 0  # events registered for the client socket (0 = not registered)
        self.tmask = 0  # events registered for the target end
        self.up: Half | None = None  # client -> target
        self.down: Half | None = None  # target -> client
        self.state = CONNECTING
        self.first_end = ""  # "client" or "target": who ended its direction first
        self.idle_seen = 0
        self.idle_since = 0.0
        # Bytes the kernel took from us but never delivered: still unacknowledged in a
        # destination socket when the relay ended with a reset (see _count_discarded).
        self.discarded_to_target = 0
        self.discarded_to_client = 0

    # -- connecting ----------------------------------------------------------------------

    def connect(self) -> None:
        """Ask the tunnel's connector for the target end (the answer may come at once)."""
        attempt = self.tunnel.connector.connect(self._connected, self.connect_failed)
        if self.state is CONNECTING:
            self.attempt = attempt

    def _connected(self, end: TargetEnd) -> None:
        self.attempt = None
        self.target = end
        if end.is_pipe:
            self.tfd = end.read_fd
            self.twfd = end.write_fd
        else:  # a socket: one fd both ways (fileno() directly: a call less per connection)
            self.tfd = self.twfd = end.fileno()  # type: ignore[attr-defined]
        self._open()

    def _open(self) -> None:
        self.state = OPEN
        target = self.target
        buffers = self.tunnel.buffers
        client = self.client
        cfd = self.cfd
        if buffers.splice and target.is_pipe:
            self.up = DirectSpliceHalf(self, client, cfd, target, self.twfd, buffers, True)
            self.down = DirectSpliceHalf(self, target, self.tfd, client, cfd, buffers, False)
        else:
            half = SpliceHalf if buffers.splice else Half
            self.up = half(self, client, cfd, target, self.twfd, buffers)
            self.down = half(self, target, self.tfd, client, cfd, buffers)
        tunnel = self.tunnel
        if tunnel.connector.tune_on_bulk:
            self.up.tune_bulk = True
        if tunnel.tune_clients and is_loopback(self.peer[0]):
            self.down.tune_bulk = True
        if tunnel.shaping is not None:  # network conditions (shaping.py)
            tunnel.shaping.attach(self)
        # Watched for reading only, a socket's handler is its direction's pump itself (see
        # sync): a Python call less per relayed message than going through _on_client.
        add_fd = tunnel.add_fd
        if self.tfd == self.twfd:
            add_fd(self.tfd, R, self.down.pump)
        else:
            self._set_pipe_events(0, R)
        self.tmask = R
        add_fd(cfd, R, self.up.pump)
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
            self._set_events(self.cfd, self.cmask, cmask, self._client_handler(cmask))
            self.cmask = cmask
        if tmask != self.tmask:
            tfd = self.tfd
            if tfd == self.twfd:
                self._set_events(tfd, self.tmask, tmask, self._target_handler(tmask))
            else:
                self._set_pipe_events(self.tmask, tmask)
            self.tmask = tmask

    def rewire(self) -> None:
        """A direction was replaced (shaping wraps or unwraps one): the handlers registered
        as the old direction's pump now go to the new one."""
        if self.state is CLOSED:
            return
        selector = self.tunnel.selector
        if self.cmask:
            selector.modify(self.cfd, self.cmask, self._client_handler(self.cmask))
        if self.tfd == self.twfd:
            if self.tmask:
                selector.modify(self.tfd, self.tmask, self._target_handler(self.tmask))
        elif self.tmask & R:
            selector.modify(self.tfd, R, self.down.pump)

    def _client_handler(self, mask: int) -> Callable[[int], None]:
        return self.up.pump if mask == R else self._on_client

    def _target_handler(self, mask: int) -> Callable[[int], None]:
        return self.down.pump if mask == R else self._on_target

    def _set_events(self, fd: int, old: int, new: int, handler: Callable[[int], None]) -> None:
        selector = self.tunnel.selector
        if not old:
            selector.register(fd, new, handler)
        elif not new:
            selector.unregister(fd)
        else:
            selector.modify(fd, new, handler)

    def _set_pipe_events(self, old: int, new: int) -> None:
        """A pipe end: reads are watched on one fd (handled by the pump), writes on the
        other."""
        changed = old ^ new
        if changed & R:
            self._set_events(self.tfd, old & R, new & R, self.down.pump)
        if changed & W:
            self._set_events(self.twfd, old & W, new & W, self._on_target)

    def bulk(self, half: Half) -> None:
        """half carries bulk now (a big read, or its destination filled up): its destination
        socket leaves a pacing congestion control (congestion.py). Once per direction, and only
        for these: setting it costs each connection a system call and two exceptions raised
        and caught inside setsockopt(), a tenth of what a short connection costs us."""
        half.tune_bulk = False
        if half is self.up:
            self.tunnel.connector.bulk_started(self.target)
        else:
            use(self.client, self.tunnel.loopback_cc)

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
            self.close(_CLOSED_BY[self.first_end])
            return
        self.state = CLOSING
        # Before the half-close: a pipe's write fd must leave the selector before it closes.
        self.sync()
        if not half.shut:
            half.shut = True
            try:
                if half is self.up:
                    self.target.shut_write()
                else:
                    self.client.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the peer is gone already; the other direction will find out

    def failed(self, half: Half, exc: OSError, reading: bool) -> None:
        """A socket error: close both sides at once, passing a reset on to the other peer."""
        client_side = (half is self.up) == reading
        side = "client" if client_side else "target"
        if exc.errno in _RESETS:
            reason = _RESET_BY[side]
        elif exc.errno == errno.ETIMEDOUT:
            reason = _TIMED_OUT[side]
        else:
            reason = Phrase(_FAILED_ON[side], error=exc.strerror or str(exc))
        self.close(reason, abort=True)

    # -- closing -------------------------------------------------------------------------

    def close(self, reason: str, abort: bool = False) -> None:
        """Close both sockets now (abort: with a reset, for errors) and tell the tunnel."""
        if self.state is CLOSED:
            return
        self.state = CLOSED
        if abort and self.up is not None:
            self._count_discarded()
        # Recorded before the sockets close, so whoever sees the close also finds the event.
        self.tunnel.relay_closed(self, reason)
        self._release(abort)

    def _count_discarded(self) -> None:
        """A reset ends both sockets: what their send queues still hold never arrives.

        Only this close path pays for it (two ioctls); the counters stay plain integers.
        """
        self.discarded_to_client = min(unsent_bytes(self.cfd), self.down.count)
        if not self.target.is_pipe:
            # A pipe's bytes are the helper's to read after we are gone: not discarded.
            self.discarded_to_target = min(unsent_bytes(self.twfd), self.up.count)

    def crash(self) -> None:
        """The loop's last resort when a handler raised: the relay is dropped."""
        self.close(N_("was dropped after an internal error"), abort=True)

    def _release(self, abort: bool) -> None:
        # Both sockets are closed below, which takes them out of the selector's kernel set.
        forget = self.tunnel.forget_fd
        if self.cmask:
            forget(self.cfd)
            self.cmask = 0
        if self.tmask:
            if self.tfd == self.twfd:
                forget(self.tfd)
            else:
                self._set_pipe_events(self.tmask, 0)
            self.tmask = 0
        if self.attempt is not None:
            self.attempt.cancel()
            self.attempt = None
        client = self.client
        if abort:
            with contextlib.suppress(OSError):
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        client.close()
        if self.target is not None:
            self.target.release(abort)
        up = self.up
        if up is not None:
            down = self.down
            up.release()
            down.release()
            up.relay = down.relay = RELEASED  # type: ignore[assignment]  # see _Released

    # -- reporting -----------------------------------------------------------------------

    def bytes_to_target(self) -> int:
        """Written to the target, less what a reset discarded (known only once closed)."""
        return self.up.count - self.discarded_to_target if self.up is not None else 0

    def bytes_to_client(self) -> int:
        return self.down.count - self.discarded_to_client if self.down is not None else 0

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
