"""Harness stand-in ONLY: a naive thread-per-direction TCP forwarder used to test the benchmarks.

Not the product and never reported as TunnelGUI. As a program:
`_naive_forwarder.py LISTEN_PORT TARGET_PORT` (both on 127.0.0.1), stops on SIGINT/SIGTERM.
In a process: `NaiveForwarder(target_port).start()` returns the bound port; `.stop()`.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading


def pump(src: socket.socket, dst: socket.socket) -> None:
    view = memoryview(bytearray(256 * 1024))
    try:
        while n := src.recv_into(view):
            dst.sendall(view[:n])
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def relay(client: socket.socket, target_port: int) -> None:
    try:
        target = socket.create_connection(("127.0.0.1", target_port), timeout=10)
    except OSError:
        client.close()
        return
    target.settimeout(None)
    for sock in (client, target):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    back = threading.Thread(target=pump, args=(target, client), daemon=True)
    back.start()
    pump(client, target)
    back.join()
    client.close()
    target.close()


class NaiveForwarder:
    """Accepts on 127.0.0.1:listen_port (0 = any free port) on a thread of its own."""

    def __init__(self, target_port: int, listen_port: int = 0) -> None:
        self.target_port = target_port
        self.server = socket.create_server(("127.0.0.1", listen_port), backlog=1024)
        self.server.settimeout(0.2)  # so the accept loop notices stop() promptly
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self) -> int:
        self.thread.start()
        return self.server.getsockname()[1]

    def _accept_loop(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            threading.Thread(target=relay, args=(client, self.target_port), daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(2.0)
        self.server.close()


def main() -> int:
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    threading.stack_size(256 * 1024)  # thousands of idle connections mean thousands of threads
    forwarder = NaiveForwarder(target_port, listen_port)
    forwarder.start()
    try:
        forwarder.stopped.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        forwarder.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
