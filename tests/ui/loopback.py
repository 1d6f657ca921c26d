"""Loopback helpers for the app's tests: an echo server on its own thread, and free ports."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS just handed out (for fields that need a concrete port, such as a profile's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class EchoServer:
    """Echoes every byte back on 127.0.0.1:<port>; handles thousands of connections on one
    thread. close() stops the thread and closes every socket."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._listener = socket.create_server((host, 0), backlog=4096)
        self._listener.setblocking(False)
        self.port: int = self._listener.getsockname()[1]
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._clients: set[socket.socket] = set()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="echo-server", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select(timeout=1.0):
                if key.data == "wake":
                    return
                if key.data == "accept":
                    self._accept()
                else:
                    self._echo(key.fileobj)  # type: ignore[arg-type]

    def _accept(self) -> None:
        for _ in range(256):
            try:
                conn, _ = self._listener.accept()
            except BlockingIOError:
                return
            # Blocking sends: a slow reader only slows this test server, never loses bytes.
            conn.setblocking(True)
            self._clients.add(conn)
            self._selector.register(conn, selectors.EVENT_READ, "client")

    def _echo(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(65536)
            if data:
                conn.sendall(data)
                return
        except OSError:
            pass
        self._selector.unregister(conn)
        self._clients.discard(conn)
        conn.close()

    def close(self) -> None:
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        self._thread.join(5)
        for conn in list(self._clients):
            conn.close()
        self._clients.clear()
        self._selector.close()
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()


def exchange(port: int, payload: bytes, host: str = "127.0.0.1") -> bytes:
    """Send payload through host:port, half-close, and read everything that comes back."""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def closed_by_peer(sock: socket.socket, timeout: float = 10.0) -> bool:
    """True when the other end closed: EOF or a reset (both mean the connection is gone)."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
