"""The Unix-socket connector: a relay's target end is a stream socket at a path."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

import pytest

from tests.engine.servers import (
    IO_TIMEOUT,
    connect,
    echo,
    hash_sink,
    payload,
    recv_all,
    recv_exactly,
    sha256,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import HealthPolicy, TargetHealth, TunnelStartError, UnixSocketTransport

SIZE = 6 * 1024 * 1024


class UnixServer:
    """A Unix stream socket server at `path` running handler(conn) on a thread per client."""

    def __init__(self, path: str, handler: Callable[[socket.socket], None], backlog: int = 64):
        self.handler = handler
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(backlog)
        self.accepted = 0
        self._threads: list[threading.Thread] = []

    def serve(self) -> UnixServer:
        acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        acceptor.start()
        self._threads.append(acceptor)
        return self

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, _peer = self.sock.accept()
            except OSError:
                return  # closed
            self.accepted += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(IO_TIMEOUT)
        with conn:
            self.handler(conn)

    def close(self) -> None:
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        for thread in self._threads:
            thread.join(IO_TIMEOUT)


def target_status(engine, spec) -> TargetHealth:
    return tunnel_stats(engine, spec.tunnel_id).target_status


def unix_spec(path, **options):
    options.setdefault("target_transport", UnixSocketTransport(str(path)))
    return spec_for(5432, target_host="db.internal", **options)


def test_bytes_go_both_ways_intact_with_half_close(engine, tmp_path):
    path = tmp_path / "target.sock"
    server = UnixServer(str(path), hash_sink).serve()
    try:
        spec = unix_spec(path)
        port = engine.start_tunnel(spec).listen_port
        data = payload(SIZE, seed=3)
        with connect(port) as client:
            client.sendall(data)
            client.shutdown(socket.SHUT_WR)  # the sink answers only after our EOF reached it
            assert recv_all(client).decode() == sha256(data)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        stats = tunnel_stats(engine, spec.tunnel_id)
        assert stats.bytes_to_target == SIZE
        assert stats.bytes_to_client == 64
        assert stats.target_status is TargetHealth.UP
    finally:
        server.close()


def test_echo_of_a_large_stream(engine, tmp_path):
    path = tmp_path / "echo.sock"
    server = UnixServer(str(path), echo).serve()
    try:
        port = engine.start_tunnel(unix_spec(path)).listen_port
        data = payload(SIZE, seed=4)
        with connect(port) as client:
            sender = threading.Thread(target=client.sendall, args=(data,))
            sender.start()
            received = recv_exactly(client, SIZE)
            sender.join(IO_TIMEOUT)
        assert sha256(received) == sha256(data)
    finally:
        server.close()


def test_a_missing_socket_marks_the_target_down_until_it_appears(plain_engine, tmp_path):
    path = tmp_path / "later.sock"
    spec = unix_spec(path, health=HealthPolicy(backoff=(0.1,)))
    port = plain_engine.start_tunnel(spec).listen_port
    wait_until(lambda: target_status(plain_engine, spec) is TargetHealth.DOWN)
    assert tunnel_stats(plain_engine, spec.tunnel_id).target_error == "no such file or directory"
    with connect(port) as client:
        assert recv_all(client) == b""  # nothing to relay to: the client is closed
    server = UnixServer(str(path), echo).serve()
    try:
        wait_until(lambda: target_status(plain_engine, spec) is TargetHealth.UP)
        with connect(port) as client:
            client.sendall(b"ping")
            assert recv_exactly(client, 4) == b"ping"
    finally:
        server.close()


def test_a_full_listen_queue_is_waited_out(plain_engine, tmp_path):
    """A Unix socket with a full backlog refuses a non-blocking connect with EAGAIN, and
    nothing is in progress: the connector tries again until the connect timeout."""
    path = tmp_path / "busy.sock"
    server = UnixServer(str(path), echo, backlog=0)  # not accepting yet
    first = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    first.connect(str(path))  # fills the queue
    try:
        port = plain_engine.start_tunnel(unix_spec(path, connect_timeout=5.0)).listen_port
        with connect(port) as client:
            client.sendall(b"queued")
            server.serve()  # the queue drains: the relay's retry gets in
            assert recv_exactly(client, 6) == b"queued"
    finally:
        first.close()
        server.close()


def test_a_unix_transport_needs_a_path(plain_engine):
    with pytest.raises(TunnelStartError, match="no path"):
        plain_engine.start_tunnel(unix_spec(""))
