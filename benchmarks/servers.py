"""The benchmark's target servers (sink, source, echo, greet), run together in one child process.

Protocols (all on 127.0.0.1):
- sink: read until EOF, then answer the byte count (8 bytes, big-endian) and close.
- source: read a 16-byte request (duration in ms, byte cap), send zeros until either is reached,
  then close.
- echo: echo every byte back on a thread of its own (lowest latency, for the round-trip test).
- idle: echo too, but all connections share one selector thread (thousands held open).
- greet: echo one byte, then close first (so TIME_WAIT lands on the server's fixed port and the
  connection-rate test does not exhaust ephemeral ports).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

CHUNK = 1 << 20  # 1 MiB reads and writes keep Python's per-call cost negligible.
COUNT = struct.Struct("!Q")
SOURCE_REQUEST = struct.Struct("!QQ")  # duration in ms, byte cap
_ZEROS = memoryview(bytes(CHUNK))


def listener() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)
    return sock


def recv_exact(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError(f"peer closed after {len(data)} of {size} bytes")
        data += chunk
    return bytes(data)


def _handle_sink(sock: socket.socket) -> None:
    view = memoryview(bytearray(CHUNK))
    total = 0
    with sock:
        try:
            while n := sock.recv_into(view):
                total += n
            sock.sendall(COUNT.pack(total))
        except OSError:
            pass


def _handle_source(sock: socket.socket) -> None:
    with sock:
        try:
            duration_ms, cap = SOURCE_REQUEST.unpack(recv_exact(sock, SOURCE_REQUEST.size))
            deadline = time.monotonic() + duration_ms / 1000
            sent = 0
            while sent < cap and time.monotonic() < deadline:
                sock.sendall(_ZEROS)
                sent += CHUNK
            sock.shutdown(socket.SHUT_WR)
            # Wait for the client's close so ours never turns into a reset.
            sock.settimeout(30)
            sock.recv(1)
        except OSError:
            pass


def _handle_echo(sock: socket.socket) -> None:
    view = memoryview(bytearray(65536))
    with sock:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while n := sock.recv_into(view):
                sock.sendall(view[:n])
        except OSError:
            pass


def _accept_threads(lsock: socket.socket, handler: Callable[[socket.socket], None]) -> None:
    """One blocking thread per connection: few of them, and recv/send release the GIL."""
    while True:
        sock, _ = lsock.accept()
        threading.Thread(target=handler, args=(sock,), daemon=True).start()


class EchoLoop:
    """Idle and greet connections on one selector thread: thousands idle, or many short ones."""

    def __init__(self, idle: socket.socket, greet: socket.socket) -> None:
        self.selector = selectors.DefaultSelector()
        for lsock, close_after in ((idle, False), (greet, True)):
            lsock.setblocking(False)
            self.selector.register(lsock, selectors.EVENT_READ, ("listen", close_after))
        self.pending: dict[socket.socket, bytes] = {}

    def run(self) -> None:
        while True:
            for key, events in self.selector.select():
                role, close_after = key.data
                if role == "listen":
                    self._accept(key.fileobj, close_after)  # type: ignore[arg-type]
                elif events & selectors.EVENT_WRITE:
                    self._flush(key.fileobj, close_after)  # type: ignore[arg-type]
                else:
                    self._read(key.fileobj, close_after)  # type: ignore[arg-type]

    def _accept(self, lsock: socket.socket, close_after: bool) -> None:
        while True:
            try:
                sock, _ = lsock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. EMFILE: the client will see a timeout and report it
                return
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.selector.register(sock, selectors.EVENT_READ, ("conn", close_after))

    def _read(self, sock: socket.socket, close_after: bool) -> None:
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close(sock)
            return
        self.pending[sock] = data
        self._flush(sock, close_after)

    def _flush(self, sock: socket.socket, close_after: bool) -> None:
        data = self.pending.pop(sock)
        try:
            sent = sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self._close(sock)
            return
        if sent < len(data):
            self.pending[sock] = data[sent:]
            self.selector.modify(sock, selectors.EVENT_WRITE, ("conn", close_after))
            return
        if close_after:
            self._close(sock)
        elif self.selector.get_key(sock).events != selectors.EVENT_READ:
            self.selector.modify(sock, selectors.EVENT_READ, ("conn", close_after))

    def _close(self, sock: socket.socket) -> None:
        self.pending.pop(sock, None)
        self.selector.unregister(sock)
        sock.close()


def serve(conn: Connection) -> None:
    """Child-process entry: open the listeners, send their ports, serve until the pipe closes."""
    names = ("sink", "source", "echo", "idle", "greet")
    socks = {name: listener() for name in names}
    for name, handler in (
        ("sink", _handle_sink),
        ("source", _handle_source),
        ("echo", _handle_echo),
    ):
        threading.Thread(target=_accept_threads, args=(socks[name], handler), daemon=True).start()
    threading.Thread(target=EchoLoop(socks["idle"], socks["greet"]).run, daemon=True).start()
    conn.send({name: sock.getsockname()[1] for name, sock in socks.items()})
    with contextlib.suppress(EOFError):
        conn.recv()
