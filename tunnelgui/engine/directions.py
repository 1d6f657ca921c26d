"""The two directions of a relay: each reads one end and writes the other, with backpressure.

Half copies through the loop's shared buffer (any socket or pipe); SpliceHalf moves bytes
socket -> pipe -> socket with os.splice; DirectSpliceHalf splices straight across when one
side is a pipe already (a helper process's stdin or stdout).
"""

from __future__ import annotations

import errno
import os

from tunnelgui.engine.buffers import COPY_CHUNK, SPLICE_CHUNK, SharedBuffers

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Protocol

    from tunnelgui.engine.relay import Relay
else:
    Protocol = object  # the protocols below are read only by type checkers

# A readable socket is drained for at most this many reads before other sockets get a turn.
DRAIN_ROUNDS = 8
# A read this big (or a full destination) means the direction carries bulk: Relay.bulk() then
# gives its destination what only bulk needs (congestion.py). Requests and answers are smaller.
BULK_READ = 32 * 1024

_SPLICE_FLAGS = getattr(os, "SPLICE_F_MOVE", 0) | getattr(os, "SPLICE_F_NONBLOCK", 0)
_splice = getattr(os, "splice", None)


class Readable(Protocol):
    def recv_into(self, buffer: memoryview, /) -> int: ...


class Writable(Protocol):
    def send(self, data: memoryview, /) -> int: ...


class Half:
    """One direction: reads src, writes dst at once, counts the bytes dst accepted.

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
        "tune_bulk",
    )

    def __init__(
        self,
        relay: Relay,
        src: Readable,
        sfd: int,
        dst: Writable,
        dfd: int,
        buffers: SharedBuffers,
    ) -> None:
        self.relay = relay
        self.src = src  # a socket, or a target end with socket-like recv_into()
        self.sfd = sfd
        self.dst = dst  # a socket, or a target end with socket-like send()
        self.dfd = dfd
        self.buffers = buffers
        self.count = 0  # bytes written to dst
        self.pending: memoryview | None = None
        self.pipe: tuple[int, int] | None = None  # SpliceHalf: a pipe holding `left` bytes
        self.left = 0
        self.stalled = False  # bytes wait for dst: src is not read meanwhile
        self.eof = False  # src has ended
        self.shut = False  # dst was half-closed (shutdown(SHUT_WR), or a pipe closed)
        self.tune_bulk = False  # call Relay.bulk() once this direction turns out to be bulk

    def pump(self, _mask: int = 0) -> None:
        """src is readable: move what it has to dst, until it is empty or dst is full."""
        view = self.buffers.view
        recv_into = self.src.recv_into
        send = self.dst.send
        rounds = DRAIN_ROUNDS  # a countdown, not range(): no range object per wake-up
        while True:
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
                if self.tune_bulk:
                    self.relay.bulk(self)
                self.relay.sync()
                return
            if n < BULK_READ:
                return  # a short read means src is empty; another recv would only fail
            if self.tune_bulk:
                self.relay.bulk(self)
            rounds -= 1  # counted here, not at the top: most wake-ups end at the first read
            if n < COPY_CHUNK or not rounds:
                return

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
    """Linux, socket to socket: bytes go socket -> pipe -> socket with os.splice and never
    enter Python.

    The loop's scratch pipe is used while it stays empty; when dst takes less than was read,
    this direction keeps that pipe until it drains (or, past the cap on held pipes, copies the
    rest into memory), so idle connections hold no pipe.
    """

    __slots__ = ()

    def pump(self, _mask: int = 0) -> None:
        # Written for the fewest bytecodes on the usual wake-up (one small read, written whole;
        # a round trip runs it twice): attributes read where used, not copied to locals first.
        try:
            pipe_out, pipe_in = self.buffers.scratch
        except TypeError:  # None: a stalled direction took it, or none was made yet
            try:
                pipe_out, pipe_in = self.buffers.scratch_pipe()
            except OSError:
                Half.pump(self)  # no pipe to be had (out of fds): copy instead
                return
        rounds = DRAIN_ROUNDS  # a countdown, not range(): no range object per wake-up
        while True:
            try:
                n = _splice(self.sfd, pipe_in, SPLICE_CHUNK, None, None, _SPLICE_FLAGS)
            except BlockingIOError:
                return
            except OSError as exc:
                self.relay.failed(self, exc, reading=True)
                return
            if not n:
                self.relay.ended(self)
                return
            try:
                sent = _splice(pipe_out, self.dfd, n, None, None, _SPLICE_FLAGS)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self.buffers.spoil_scratch()
                self.relay.failed(self, exc, reading=False)
                return
            self.count += sent
            if sent < n:
                self._hold(n - sent)
                return
            if n < BULK_READ:
                return  # a short read means src is empty; another splice would only fail
            if self.tune_bulk:
                self.relay.bulk(self)
            rounds -= 1  # counted here, not at the top: most wake-ups end at the first read
            if n < SPLICE_CHUNK or not rounds:
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
        if self.tune_bulk:
            self.relay.bulk(self)
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


class DirectSpliceHalf(Half):
    """Linux, when src or dst is a pipe: os.splice moves bytes straight from src to dst.

    Bytes dst cannot take yet stay in the kernel (in src's socket buffer or pipe), so this
    direction never holds any. A splice that would block means dst is full (we were told src
    is readable): the direction waits for dst, then waits for src again.
    """

    __slots__ = ("socket_src",)

    def __init__(
        self,
        relay: Relay,
        src: Readable,
        sfd: int,
        dst: Writable,
        dfd: int,
        buffers: SharedBuffers,
        socket_src: bool,
    ) -> None:
        Half.__init__(self, relay, src, sfd, dst, dfd, buffers)
        self.socket_src = socket_src  # which side a socket error belongs to

    def pump(self, _mask: int = 0) -> None:
        sfd = self.sfd
        dfd = self.dfd
        rounds = DRAIN_ROUNDS  # a countdown, not range(): no range object per wake-up
        while rounds:
            rounds -= 1
            try:
                n = _splice(sfd, dfd, SPLICE_CHUNK, None, None, _SPLICE_FLAGS)
            except BlockingIOError:
                self.stalled = True
                self.relay.sync()
                return
            except OSError as exc:
                # EPIPE: the pipe's reader is gone (dst); anything else is the socket's.
                reading = exc.errno != errno.EPIPE and self.socket_src
                self.relay.failed(self, exc, reading=reading)
                return
            if not n:
                self.relay.ended(self)
                return
            self.count += n
            if n < SPLICE_CHUNK:
                return

    def flush(self) -> None:
        # Nothing is held: dst has room again, so read src when it has something (if a
        # spurious "would block" stalled us, pumping here could spin).
        self.stalled = False
        if self.eof:
            self.relay.ended(self)
            return
        self.relay.sync()
