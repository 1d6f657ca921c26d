"""Target ends: what a connector hands a relay, a socket or a pair of pipe fds to a helper.

A target end has a read fd and a write fd (the same fd for a socket), socket-like recv_into()
and send() for the copy path (which so treats a client socket and a target end alike),
shut_write() to pass a half-close on, and release(abort) to end it. os.splice works with the
fds directly: socket -> socket through a scratch pipe, straight across when one is a pipe.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
from collections.abc import Callable

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # the protocols below are read only by type checkers

LINGER_RESET = struct.pack("ii", 1, 0)  # close() then sends RST instead of FIN
_SOCK_NONBLOCK = getattr(socket, "SOCK_NONBLOCK", 0)


class TargetEnd(Protocol):
    """The target side of one relay, owned by the relay once a connector handed it over."""

    is_pipe: bool  # True: the fds are pipes (os.splice needs no scratch pipe)

    @property
    def read_fd(self) -> int: ...

    @property
    def write_fd(self) -> int: ...

    def recv_into(self, buffer: memoryview, /) -> int: ...

    def send(self, data: memoryview, /) -> int: ...

    def shut_write(self) -> None:
        """No more bytes will be written: the target sees EOF (the read side stays open)."""

    def release(self, abort: bool) -> None:
        """Close the end (abort: tell the peer it was an error, where the transport can)."""


class TargetSocket(socket.SocketType):
    """A connected stream socket as a target end (TCP or Unix): costs nothing over a socket.

    Built on the C socket type (socket.SocketType), not socket.socket: that class's Python
    __init__ and close() (for makefile(), which relays never use) cost three calls a socket.
    """

    __slots__ = ()
    is_pipe = False

    @property
    def read_fd(self) -> int:
        return self.fileno()

    @property
    def write_fd(self) -> int:
        return self.fileno()

    def shut_write(self) -> None:
        self.shutdown(socket.SHUT_WR)

    def release(self, abort: bool) -> None:
        if abort:
            with contextlib.suppress(OSError):
                self.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        self.close()


def nonblocking_socket(family: int) -> TargetSocket:
    """A non-blocking stream socket (in one system call where the platform allows)."""
    if _SOCK_NONBLOCK:
        return TargetSocket(family, socket.SOCK_STREAM | _SOCK_NONBLOCK)
    sock = TargetSocket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    return sock


class PipeEnd:
    """Two pipe fds as a target end: bytes for the target go into `write_fd` (say, a helper's
    stdin), the target's bytes come out of `read_fd` (its stdout).

    The fds are made non-blocking; the end owns them. on_close(abort) runs once both are
    closed: the connector that started a helper process reaps it there (off the loop).
    """

    __slots__ = ("_on_close", "read_fd", "write_fd")
    is_pipe = True

    def __init__(
        self, read_fd: int, write_fd: int, on_close: Callable[[bool], None] | None = None
    ) -> None:
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        self.read_fd = read_fd
        self.write_fd = write_fd
        self._on_close = on_close

    def recv_into(self, buffer: memoryview, /) -> int:
        return os.readv(self.read_fd, (buffer,))

    def send(self, data: memoryview, /) -> int:
        return os.write(self.write_fd, data)

    def shut_write(self) -> None:
        # A pipe has no half-close: closing the write end is the EOF the target reads.
        if self.write_fd >= 0:
            fd, self.write_fd = self.write_fd, -1
            os.close(fd)

    def release(self, abort: bool) -> None:
        for fd in (self.read_fd, self.write_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.read_fd = self.write_fd = -1
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close(abort)
