"""After a reset, the counters say what was delivered and what the kernel discarded (issue 12)."""

from __future__ import annotations

import fcntl
import socket
import struct
import termios
import threading
import time

import pytest

from tests.engine.servers import TcpServer, recv_exactly, spec_for, tunnel_stats, wait_until
from tunnelgui.engine import EventKind

CHUNK = b"x" * (1 << 16)
READ_FIRST = 256 * 1024
RESET = struct.pack("ii", 1, 0)

pytestmark = pytest.mark.skipif(not hasattr(termios, "TIOCOUTQ"), reason="Linux's SIOCOUTQ")


def endless_source(conn: socket.socket) -> None:
    """Send until the relay resets us (bounded: 256 MiB at most)."""
    try:
        for _ in range(4096):
            conn.sendall(CHUNK)
    except OSError:
        pass


def unread_bytes(sock: socket.socket) -> int:
    """What the kernel received (and acknowledged) for sock that nobody has read yet."""
    return struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.FIONREAD, b"\0\0\0\0"))[0]


def settled(read) -> int:
    """The value of read() once it has not changed for 0.3 s (the stream has stalled)."""
    last, since = read(), time.monotonic()
    deadline = since + 10
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = read()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 0.3:
            return now
    raise AssertionError("the stream never stalled")


def test_a_client_reset_counts_what_it_received_and_what_was_discarded(engine):
    with TcpServer(endless_source) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        client = socket.socket()
        # A small receive window: the relay soon stalls with bytes in its socket's send queue.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        client.settimeout(10)
        client.connect(("127.0.0.1", port))
        try:
            recv_exactly(client, READ_FIRST)
            written = settled(lambda: tunnel_stats(engine, spec.tunnel_id).bytes_to_client)
            unread = unread_bytes(client)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
        finally:
            client.close()  # with SO_LINGER 0: a reset, the unread bytes thrown away
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    stats = tunnel_stats(engine, spec.tunnel_id)
    received = READ_FIRST + unread  # what the client's kernel took (and acknowledged)
    assert written > received, "the test needs bytes stuck in the relay's send queue"
    assert stats.bytes_to_client + stats.discarded_to_client == written
    assert stats.written_to_client == written  # what rates are computed from: it never drops
    # Exact once the stream has stalled: the relay's kernel counts as delivered precisely what
    # the client's kernel acknowledged, which is what it holds (read or unread). Nothing is
    # in flight in a stalled stream; one zero-window probe's worth of slack is allowed.
    assert abs(stats.bytes_to_client - received) <= 1, (stats.bytes_to_client, received)
    (closed,) = [
        e
        for e in engine.events_since(0)
        if e.tunnel_id == spec.tunnel_id and e.kind == EventKind.CONNECTION_CLOSED
    ]
    assert "discarded on reset" in closed.message
    assert "to the client" in closed.message.split("discarded on reset")[1]


def test_a_clean_close_discards_nothing(engine, echo_server):
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"hello")
        assert recv_exactly(client, 5) == b"hello"
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert (stats.bytes_to_target, stats.bytes_to_client) == (5, 5)
    assert (stats.discarded_to_target, stats.discarded_to_client) == (0, 0)


def test_a_target_reset_counts_what_it_received_and_what_was_discarded(engine):
    read_enough = threading.Event()
    stalled = threading.Event()
    unread: list[int] = []

    def slow_target(conn: socket.socket) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        recv_exactly(conn, READ_FIRST)
        read_enough.set()
        stalled.wait(15)
        unread.append(unread_bytes(conn))
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)  # close() resets

    def flood(client: socket.socket) -> None:
        try:
            for _ in range(4096):
                client.sendall(CHUNK)
        except OSError:
            pass  # the relay passed the target's reset on

    with TcpServer(slow_target) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            sender = threading.Thread(target=flood, args=(client,), daemon=True)
            sender.start()
            assert read_enough.wait(10)
            written = settled(lambda: tunnel_stats(engine, spec.tunnel_id).bytes_to_target)
            stalled.set()
            wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
            sender.join(10)
    stats = tunnel_stats(engine, spec.tunnel_id)
    received = READ_FIRST + unread[0]
    assert written > received
    assert stats.bytes_to_target + stats.discarded_to_target == written
    assert abs(stats.bytes_to_target - received) <= 1, (stats.bytes_to_target, received)
