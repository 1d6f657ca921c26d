"""Handed connections: a hop tunnel's client socket given to its ssh master, no relay of ours.

For a tunnel with an SSH hop (and no network conditions) the listener accepts the client as
always, then passes the client socket itself to the hop's master over its control socket
(OpenSSH's mux protocol, MUX_C_NEW_STDIO_FWD: what `ssh -S CONTROL -W host:port` asks;
PROTOCOL.mux), with SCM_RIGHTS, as stdin and stdout. ssh then reads and writes the client
directly: target -> client measured 0.99-1.28x of `ssh -L` instead of 0.55x through our relay
(benchmarks/README.md).

One control connection per client connection: the master answers on it (SESSION_OPENED = the
server connected to the target; FAILURE = it could not) and closes it when the channel ends.
We keep our copy of the client socket until then: it gives the byte counts (TCP_INFO), and a
drop or stop shuts it down, which ends the channel.

A difference from `ssh -L`: OpenSSH's stdio forward drains and ends the whole channel when
the target ends its direction (force_drain, as `ssh -W`), so the client gets every byte and
then EOF, but cannot go on sending after it. The client's own EOF (half-close) reaches the
target and the target's answer still comes back.
"""

from __future__ import annotations

import array
import contextlib
import errno
import os
import select
import socket
import struct
import sys
from time import monotonic, time
from typing import TYPE_CHECKING

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.ends import LINGER_RESET
from tunnelgui.engine.loop import EVENT_READ, Timer
from tunnelgui.engine.messages import (
    HOP_IS_DOWN,
    N_,
    NO_ANSWER,
    SERVER_REPORTS,
    Phrase,
    failure_reason,
)
from tunnelgui.engine.relay import unread_bytes, unsent_bytes
from tunnelgui.engine.states import ConnectionState, HopState
from tunnelgui.engine.stats import ConnectionStats

if TYPE_CHECKING:
    from tunnelgui.engine.ssh_hop import SshHopConnector
    from tunnelgui.engine.tunnel import Tunnel

MUX_MSG_HELLO = 0x00000001
MUX_C_NEW_STDIO_FWD = 0x10000008
MUX_S_PERMISSION_DENIED = 0x80000002
MUX_S_FAILURE = 0x80000003
MUX_S_SESSION_OPENED = 0x80000006
SSHMUX_VER = 4
HELLO = struct.pack(">III", 8, MUX_MSG_HELLO, SSHMUX_VER)
# Control connections connected ahead of the clients that will use them: the master's accept
# and its hello stay out of a new connection's path. Our hello goes with the request, in one
# send: greeting a spare ahead cost a send and a wake-up of the master more per connection.
SPARE_CONTROLS = 4
# ssh logs "channel N: open failed: connect failed: Connection refused" just before it answers
# FAILURE on the control socket; its stderr comes through a reader thread: wait this long for
# those words (the mux answer only says "Session open refused by peer").
WORDS_WAIT = 0.1
# A channel that ends while its client is still connected: the target closed it, or the master
# lost its server and exits next. How long to wait for that exit before blaming the target.
LOSS_WAIT = 0.1
# A control connect refused for a full listen queue is tried again after this long (until
# the tunnel's connect timeout from the accept).
BACKLOG_RETRY = 0.005
FULL = "its control socket's listen queue stays full"
# ssh's "open failed" words older than this belong to an earlier refusal, not this one.
WORDS_FRESH = 1.0

COUNTS_FRESH = 0.01  # s: one TCP_INFO reading serves the calls of one stats tick
COUNT_TRIES = 4  # readings of TCP_INFO until the queues stand still around one (kernel_counts)
_FD_BYTE = b"\0"
# Non-blocking from the start where the system can (an ioctl less per connection).
_SOCK_NONBLOCK = getattr(socket, "SOCK_NONBLOCK", 0)
_NONBLOCKING_STREAM = socket.SOCK_STREAM | _SOCK_NONBLOCK
_POLLRDHUP = getattr(select, "POLLRDHUP", 0)  # the peer hung up, even with data still queued
_WOULD_BLOCK = {errno.EAGAIN, errno.EWOULDBLOCK}

# Linux struct tcp_info (/usr/include/linux/tcp.h): tcpi_state is byte 0; tcpi_bytes_acked
# and tcpi_bytes_received are the u64s at offsets 120 and 128 (8 bytes of u8 fields, 24
# u32s, then pacing_rate and max_pacing_rate).
_TCP_INFO = getattr(socket, "TCP_INFO", None) if sys.platform.startswith("linux") else None
_TCP_INFO_LEN = 136
_ACKED_RECEIVED = struct.Struct("=QQ")
_TCP_CLOSE_WAIT = 8  # the client sent its FIN; nobody answered it with ours yet
# Without the kernel's counts a handed connection's bytes would be unknown and the idle timeout
# blind: hop tunnels relay there as before.
SUPPORTED = _TCP_INFO is not None and hasattr(socket, "SCM_RIGHTS")

CONNECTING = ConnectionState.CONNECTING
OPEN = ConnectionState.OPEN
CLOSING = ConnectionState.CLOSING  # the channel ended, its reason not yet settled
CLOSED = ConnectionState.CLOSED
LOST = N_("was closed because the SSH connection was lost")


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def stdio_request(host: str, port: int, request_id: int) -> bytes:
    body = struct.pack(">II", MUX_C_NEW_STDIO_FWD, request_id)
    body += _string(b"") + _string(host.encode()) + struct.pack(">I", port)
    return struct.pack(">I", len(body)) + body


def kernel_counts(sock: socket.socket) -> tuple[int, int, int]:
    """(client -> target, target -> client, tcpi_state) from the kernel's view of the socket.

    Client -> target: what the client's kernel delivered to the socket, less what still waits
    in its receive queue (ssh has not read it). Target -> client: what the client acknowledged
    plus what waits unacknowledged in the send queue (ssh wrote it; the same "taken by the
    kernel" measure the relay counts). (0, 0, 0) where TCP_INFO is not known (not Linux).
    """
    if _TCP_INFO is None:
        return 0, 0, 0
    fd = sock.fileno()
    # The queues are read on both sides of TCP_INFO and kept only when they did not move:
    # an ACK (or data) arriving between the reads would make acked + unsent fall short of
    # what ssh wrote (seen: 838 KiB counted of 1 MiB delivered, under load).
    queues = unread_bytes(fd), unsent_bytes(fd)
    for _ in range(COUNT_TRIES):
        try:
            info = sock.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, _TCP_INFO_LEN)
        except OSError:
            return 0, 0, 0
        before, queues = queues, (unread_bytes(fd), unsent_bytes(fd))
        if queues == before:
            break
    if len(info) < _TCP_INFO_LEN:
        return 0, 0, 0
    queued, unsent = queues
    acked, received = _ACKED_RECEIVED.unpack_from(info, 120)
    if info[0] == _TCP_CLOSE_WAIT and received:
        received -= 1  # the client's FIN counts as one byte received
    return max(0, received - queued), acked + unsent, info[0]


class _Count:
    """One direction's byte count in the shape the tunnel reads from a relay's halves."""

    __slots__ = ("conn", "up")

    def __init__(self, conn: HandedConnection, up: bool) -> None:
        self.conn = conn
        self.up = up

    @property
    def count(self) -> int:
        to_target, to_client = self.conn.counts()
        return to_target if self.up else to_client


class HandedConnection:
    """A client whose socket the hop's master reads and writes itself (loop thread only).

    It offers the tunnel what a Relay does (conn_id, peer, state, up/down counts, close,
    stats), so the tunnel keeps both in `tunnel.relays`.
    """

    handed = True  # Relay.handed is False: the tunnel tells the two kinds apart by it

    def __init__(
        self, tunnel: Tunnel, conn_id: int, client: socket.socket, cfd: int, peer: tuple
    ) -> None:
        self.tunnel = tunnel
        self.conn_id = conn_id
        self.client = client
        self.cfd = cfd
        self.peer = peer
        self.started_at = time()
        self.state = CONNECTING
        self.deadline = monotonic() + tunnel.spec.connect_timeout
        self.control: socket.socket | None = None
        self.inbox = b""
        self.timer: Timer | None = None  # the connect timeout while waiting for the hop
        self.final: tuple[int, int] | None = None
        self.last_counts = (0, 0)
        self.counted_at = -1.0
        self.up = _Count(self, True)
        self.down = _Count(self, False)
        self.idle_seen = 0
        self.idle_since = 0.0
        self.discarded_to_target = 0
        self.discarded_to_client = 0

    # -- counts ---------------------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        if self.final is not None:
            return self.final
        if self.state is CONNECTING:
            return 0, 0
        # A stats tick asks for both directions and the connection's row: one reading.
        now = monotonic()
        if now - self.counted_at > COUNTS_FRESH:
            to_target, to_client, _state = kernel_counts(self.client)
            self.last_counts = (to_target, to_client)
            self.counted_at = now
        return self.last_counts

    def bytes_to_target(self) -> int:
        return self.counts()[0]

    def bytes_to_client(self) -> int:
        return self.counts()[1]

    def held_bytes(self) -> int:
        return 0  # the kernel and ssh hold them, not our buffers

    def stats(self) -> ConnectionStats:
        to_target, to_client = self.counts()
        return ConnectionStats(
            conn_id=self.conn_id,
            peer=format_address(self.peer[0], self.peer[1]),
            started_at=self.started_at,
            bytes_to_target=to_target,
            bytes_to_client=to_client,
            state=self.state,
        )

    # -- the control connection -----------------------------------------------------------

    def hand(self, handoff: Handoff) -> None:
        """Give the client socket to the master; its answer comes on the control socket."""
        self._cancel_timer()
        control, why = handoff.take_control()
        if control is None:
            if why is FULL and monotonic() < self.deadline:
                # The master accepts its control connections one per loop round of its own:
                # a burst of clients fills its listen queue (64). Try again in a moment.
                self.timer = self.tunnel.loop.call_later(BACKLOG_RETRY, lambda: self.hand(handoff))
                return
            self.fail(
                Phrase(N_("the SSH master does not answer ({why})"), why=why), target_fault=False
            )
            return
        self.control = control
        handoff.connector.link.last_connect = monotonic()
        fd = self.cfd
        fds = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))]
        request = HELLO + handoff.request()
        try:
            if control.send(request) != len(request):
                raise BlockingIOError(errno.EAGAIN, "partial send")
            # One byte per descriptor, as OpenSSH's mm_send_fd (its receiver wants exactly
            # one each): stdin, then stdout, the same socket both times.
            control.sendmsg([_FD_BYTE], fds)
            control.sendmsg([_FD_BYTE], fds)
        except OSError as exc:
            # A would-block on a request this small means a master that stopped reading.
            why = N_("its control socket is full") if exc.errno in _WOULD_BLOCK else exc.strerror
            self.fail(
                Phrase(N_("the SSH master did not take the connection ({why})"), why=why),
                target_fault=False,
            )
            return
        self.tunnel.selector.register(control.fileno(), EVENT_READ, self.on_control)

    def on_control(self, _mask: int) -> None:
        control = self.control
        if control is None:
            return
        try:
            data = control.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._channel_ended()
            return
        inbox = self.inbox + data
        while len(inbox) >= 8:
            (length,) = struct.unpack_from(">I", inbox)
            if len(inbox) < 4 + length:
                break
            packet, inbox = inbox[4 : 4 + length], inbox[4 + length :]
            self.inbox = inbox
            self._answer(packet)
            if self.state is CLOSED:
                return
        self.inbox = inbox

    def _answer(self, packet: bytes) -> None:
        (kind,) = struct.unpack_from(">I", packet)
        if kind == MUX_S_SESSION_OPENED and self.state is CONNECTING:
            self.state = OPEN
            self.idle_since = monotonic()
            tunnel = self.tunnel
            tunnel.target_reachable()  # the server connected to the target
            tunnel.relay_opened(self)  # type: ignore[arg-type]
        elif kind in (MUX_S_FAILURE, MUX_S_PERMISSION_DENIED) and self.state is CONNECTING:
            text = "refused"
            if len(packet) >= 12:
                (size,) = struct.unpack_from(">I", packet, 8)
                text = packet[12 : 12 + size].decode("utf-8", "replace") or text
            self._refused(text)

    def _refused(self, mux_text: str) -> None:
        """The server could not connect to the target: fail with ssh's own words, which its
        stderr brings a moment after the mux answer."""
        link = self.tunnel.connector.link  # type: ignore[attr-defined]
        self._forget_control()  # no more answers are read; the state stays CONNECTING

        def settle() -> None:
            self.timer = None
            words = link.fresh_channel_failure(WORDS_FRESH) or mux_text
            self.fail(Phrase(SERVER_REPORTS, words=words), target_fault=True)

        if link.fresh_channel_failure(WORDS_FRESH):
            settle()
        else:
            self.timer = self.tunnel.loop.call_later(WORDS_WAIT, settle)

    def _channel_ended(self) -> None:
        if self.state is CONNECTING:
            self.fail(N_("the SSH master ended the request"), target_fault=False)
            return
        # ssh is done with the socket: one TCP_INFO read gives the final counts and whether
        # the client had ended its direction (close() then only closes our copy).
        to_target, to_client, tcp_state = kernel_counts(self.client)
        self.final = (to_target, to_client)
        if tcp_state == _TCP_CLOSE_WAIT:
            self.close(N_("was closed by the client"), ended=True)
        elif self._master_alive():
            # The master that lost its server ends its channels first and exits a moment
            # later (OpenSSH frees every channel before its exit closes the rest): the client
            # is let go now, the reason is settled once that moment has passed.
            self.state = CLOSING
            self.tunnel.settling += 1
            self._release(shut=False)
            self.timer = self.tunnel.loop.call_later(LOSS_WAIT, self._settle_end)
        else:
            self._lost()

    def _master_alive(self) -> bool:
        return self.tunnel.connector.handoff.master_alive()  # type: ignore[attr-defined]

    def _lost(self) -> None:
        # The master died: every control connection ends at once; its exit reaches the hop
        # (and its reconnect) a moment later through ssh's reader thread.
        self.close(LOST, ended=True)

    def _settle_end(self) -> None:
        """The channel ended a moment ago with its client still connected (CLOSING): say why.
        The client is let go already; only the reason and the counts are left."""
        self._cancel_timer()
        reason = N_("was closed by the target") if self._master_alive() else LOST
        self.tunnel.settling -= 1
        self.state = CLOSED
        self.tunnel.relay_closed(self, reason)  # type: ignore[arg-type]

    # -- ending ---------------------------------------------------------------------------

    def fail(self, reason: str, target_fault: bool) -> None:
        """The connection never opened: a failed connect, as a relay's connect_failed."""
        if self.state is CLOSED:
            return
        self.state = CLOSED
        self._cancel_timer()
        self.tunnel.relay_failed(self, reason, target_fault)  # type: ignore[arg-type]
        self._release()

    def close(self, reason: str, abort: bool = False, ended: bool = False) -> None:
        """End it now: shut our copy of the client socket down (ssh sees EOF both ways and
        ends the channel) and close the control connection (the master drops the channel).
        ended: the master ended the channel; closing our copy is all that is left."""
        if self.state is CLOSED:
            return
        if self.state is CONNECTING:
            self.fail(failure_reason(reason), target_fault=False)
            return
        if self.state is CLOSING:
            # The channel ended before this close (a drop, an idle sweep, the hop going down,
            # the tunnel stopping): the caller's reason is not what ended it. The settle says
            # what did, when LOSS_WAIT is up; now if the master is gone already (the loss is
            # known) or the tunnel is stopping (it cannot wait).
            if self.tunnel.closed or not self._master_alive():
                self._settle_end()
            return
        if self.final is None:  # (the master ending the channel has read them already)
            # Read now, not counts(): its reading may be COUNTS_FRESH old, short of the last
            # bytes. Before the shutdown: our FIN would count too.
            to_target, to_client, _state = kernel_counts(self.client)
            self.final = (to_target, to_client)
        self.state = CLOSED
        self._cancel_timer()
        self.tunnel.relay_closed(self, reason)  # type: ignore[arg-type]
        self._release(abort, shut=not ended)

    def crash(self) -> None:
        self.close(N_("was dropped after an internal error"), abort=True)

    def _release(self, abort: bool = False, shut: bool = True) -> None:
        self._forget_control()
        handoff = self.tunnel.connector.handoff  # type: ignore[attr-defined]
        handoff.waiting.pop(self.conn_id, None)
        client = self.client
        with contextlib.suppress(OSError):
            if abort:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
            elif shut:
                client.shutdown(socket.SHUT_RDWR)  # ssh's copies see it too
        client.close()

    def _forget_control(self) -> None:
        control, self.control = self.control, None
        if control is not None:
            with contextlib.suppress(KeyError):
                self.tunnel.forget_fd(control.fileno())
            control.close()

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class Handoff:
    """One hop tunnel's handed connections: the wait for a ready hop, and spare controls."""

    def __init__(self, connector: SshHopConnector) -> None:
        self.connector = connector
        self.tunnel = connector.tunnel
        self.control_path = connector.link.master.control_path
        spec = self.tunnel.spec
        self.host, self.port = spec.target_host, spec.target_port
        self.request_ids = 0
        self.waiting: dict[int, HandedConnection] = {}
        self.spare: list[socket.socket] = []
        self._refill_timer: Timer | None = None
        self.closed = False

    def request(self) -> bytes:
        self.request_ids += 1
        return stdio_request(self.host, self.port, self.request_ids)

    def accept(self, conn_id: int, client: socket.socket, fd: int, peer: tuple) -> None:
        """A new client: hand it over now, wait for the hop, or fail with the hop's reason."""
        conn = HandedConnection(self.tunnel, conn_id, client, fd, peer)
        self.tunnel.relays[conn_id] = conn  # type: ignore[assignment]
        link = self.connector.link
        state = link.state
        if state is HopState.READY:
            conn.hand(self)
            self._schedule_refill()
        elif state is HopState.CONNECTING or state is None:
            self.waiting[conn.conn_id] = conn
            timeout = self.connector.timeout
            conn.timer = self.tunnel.loop.call_later(
                timeout, lambda: conn.fail(Phrase(NO_ANSWER, seconds=timeout), True)
            )
        else:
            conn.fail(Phrase(HOP_IS_DOWN, error=link.error), target_fault=False)

    def hop_ready(self) -> None:
        waiting, self.waiting = self.waiting, {}
        for conn in waiting.values():
            if conn.state is CONNECTING:
                conn.hand(self)
        self._schedule_refill()

    def hop_down(self, reason: str) -> None:
        """The master is gone: its controls with it. Waiting clients fail, open ones close."""
        self._drop_spares()
        waiting, self.waiting = self.waiting, {}
        for conn in waiting.values():
            conn.fail(reason, target_fault=False)
        for conn in list(self.tunnel.relays.values()):
            if conn.handed:
                conn.close(Phrase(N_("was closed: {reason}"), reason=reason))  # type: ignore[union-attr]

    def take_control(self) -> tuple[socket.socket | None, str]:
        """A connected control socket, or None and why not."""
        if self.spare:
            return self.spare.pop(), ""
        control = self._connect()
        if isinstance(control, str):
            return None, control
        return control, ""

    def _connect(self) -> socket.socket | str:
        control = socket.socket(socket.AF_UNIX, _NONBLOCKING_STREAM)
        if not _SOCK_NONBLOCK:
            control.setblocking(False)
        code = control.connect_ex(self.control_path)
        if code:
            control.close()
            # EAGAIN: the master's listen queue is full; nothing is in progress (a Unix
            # socket): the caller tries again later, the loop never blocks.
            return FULL if code in _WOULD_BLOCK else os.strerror(code).lower()
        return control

    def master_alive(self) -> bool:
        """Is the master still there? (Asked only when a channel ends while its client is
        still connected.) A dead master hung up our spare controls too: poll one for that,
        which costs the master nothing; without a spare, connect (answered at once)."""
        if self.spare and _POLLRDHUP:
            poller = select.poll()
            poller.register(self.spare[-1].fileno(), _POLLRDHUP)
            return not poller.poll(0)
        control = self._connect()
        if isinstance(control, str):
            return control == FULL
        control.close()
        return True

    def _schedule_refill(self) -> None:
        if self._refill_timer is None and not self.closed and len(self.spare) < SPARE_CONTROLS:
            # After this round's clients are on their way, not in their path.
            self._refill_timer = self.tunnel.loop.call_later(0.0, self._refill)

    def _refill(self) -> None:
        self._refill_timer = None
        if self.closed or self.connector.link.state is not HopState.READY:
            return
        while len(self.spare) < SPARE_CONTROLS:
            control = self._connect()
            if isinstance(control, str):
                return
            self.spare.append(control)

    def _drop_spares(self) -> None:
        spare, self.spare = self.spare, []
        for control in spare:
            control.close()

    def close(self) -> None:
        self.closed = True
        if self._refill_timer is not None:
            self._refill_timer.cancel()
            self._refill_timer = None
        self._drop_spares()
        waiting, self.waiting = self.waiting, {}
        for conn in waiting.values():
            conn.fail(N_("the tunnel stopped"), target_fault=False)
