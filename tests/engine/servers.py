"""Loopback test servers (echo, hashing sink, data source) and small helpers for engine tests."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import selectors
import socket
import threading
import time
import uuid
from collections.abc import Callable

from tunnelgui.engine import Engine, HealthPolicy, TunnelSpec, TunnelStats

IO_TIMEOUT = 30.0


def payload(size: int, seed: int = 1) -> bytes:
    """Deterministic incompressible bytes."""
    return random.Random(seed).randbytes(size)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def open_fds() -> dict[int, str]:
    """This process's open fds and what they are ("socket:[123]", "pipe:[45]", ...)."""
    found = {}
    for name in os.listdir("/proc/self/fd"):
        # The fd listdir itself used, or one closed meanwhile, cannot be read: skip it.
        with contextlib.suppress(OSError):
            found[int(name)] = os.readlink(f"/proc/self/fd/{name}")
    return found


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Poll predicate until true; fail the test after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.01)


def recv_all(sock: socket.socket, limit: int = 1 << 30) -> bytes:
    """Read until EOF."""
    chunks = []
    total = 0
    while total < limit:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise AssertionError(f"EOF after {len(data)} of {size} bytes")
        data += chunk
    return bytes(data)


def connect(port: int, host: str = "127.0.0.1", source: str | None = None) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(IO_TIMEOUT)
    try:
        if source is not None:
            sock.bind((source, 0))
        sock.connect((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


def reserved_port() -> socket.socket:
    """A bound but not listening socket: connecting to its port is refused, and no other test
    can take the port meanwhile. Close it when done."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


NO_PROBES = HealthPolicy(probe=False)


def spec_for(target_port: int, target_host: str = "127.0.0.1", **options) -> TunnelSpec:
    options.setdefault("listen_host", "127.0.0.1")
    options.setdefault("listen_port", 0)
    # No probes unless a test asks: most tests count or serve only their own connections.
    options.setdefault("health", NO_PROBES)
    return TunnelSpec(
        tunnel_id=options.pop("tunnel_id", uuid.uuid4().hex[:8]),
        target_host=target_host,
        target_port=target_port,
        **options,
    )


def tunnel_stats(engine: Engine, tunnel_id: str) -> TunnelStats:
    return engine.snapshot().tunnels[tunnel_id]


class TcpServer:
    """A loopback server running handler(conn) on its own thread for each client."""

    def __init__(self, handler: Callable[[socket.socket], None], host: str = "127.0.0.1"):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.handler = handler
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(1024)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        # Made here, not in the thread: fd-leak tests count fds right after construction.
        self._selector = selectors.DefaultSelector()
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    def _accept_loop(self) -> None:
        with self._selector as selector:
            selector.register(self.sock, selectors.EVENT_READ)
            while not self._stop.is_set():
                if not selector.select(0.05):
                    continue
                try:
                    conn, _peer = self.sock.accept()
                except OSError:
                    continue
                self.accepted += 1
                thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
                self._threads.append(thread)
                thread.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(IO_TIMEOUT)
        try:
            self.handler(conn)
        except OSError as exc:
            self.errors.append(exc)
        finally:
            conn.close()

    def stop_listening(self) -> None:
        """Close the listener (running connections go on)."""
        self._stop.set()
        self._acceptor.join(5)
        self.sock.close()

    def close(self) -> None:
        self.stop_listening()
        for thread in self._threads:
            thread.join(IO_TIMEOUT)

    def __enter__(self) -> TcpServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def echo(conn: socket.socket) -> None:
    """Send back everything; close after the client's EOF."""
    while True:
        data = conn.recv(1 << 20)
        if not data:
            return
        conn.sendall(data)


def hash_sink(conn: socket.socket) -> None:
    """Read until EOF, then answer with the sha256 (hex) of what came."""
    digest = hashlib.sha256()
    while True:
        data = conn.recv(1 << 20)
        if not data:
            break
        digest.update(data)
    conn.sendall(digest.hexdigest().encode())


def source(data: bytes) -> Callable[[socket.socket], None]:
    """Send data, then close."""

    def handler(conn: socket.socket) -> None:
        conn.sendall(data)

    return handler


class SelectorEchoServer:
    """A single-threaded echo server for thousands of connections (one fd each, no threads)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(4096)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.open = 0
        self._stop = threading.Event()
        self._selector = selectors.DefaultSelector()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conns: dict[int, socket.socket] = {}
        with self._selector as selector:
            selector.register(self.sock, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _mask in selector.select(0.05):
                    if key.fileobj is self.sock:
                        for _ in range(256):
                            try:
                                conn, _peer = self.sock.accept()
                            except BlockingIOError:
                                break
                            conn.setblocking(False)
                            conns[conn.fileno()] = conn
                            selector.register(conn, selectors.EVENT_READ)
                        continue
                    conn = key.fileobj
                    try:
                        data = conn.recv(65536)
                        if data:
                            conn.send(data)  # tiny messages: the send buffer always has room
                            continue
                    except OSError:
                        pass
                    selector.unregister(conn)
                    del conns[conn.fileno()]
                    conn.close()
                self.open = len(conns)
            for conn in conns.values():
                conn.close()
        self.sock.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(IO_TIMEOUT)

    def __enter__(self) -> SelectorEchoServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
