"""Harness stand-in ONLY: a naive thread-per-direction TCP forwarder used to test the benchmark.

Not the product and never reported as TunnelGUI. Usage: _naive_forwarder.py LISTEN_PORT TARGET_PORT
(both on 127.0.0.1). Stops on SIGINT/SIGTERM.
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


def main() -> int:
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    threading.stack_size(256 * 1024)  # thousands of idle connections mean thousands of threads
    server = socket.create_server(("127.0.0.1", listen_port), backlog=1024)
    try:
        while True:
            client, _ = server.accept()
            threading.Thread(target=relay, args=(client, target_port), daemon=True).start()
    except KeyboardInterrupt:
        return 0
    finally:
        server.close()


if __name__ == "__main__":
    sys.exit(main())
