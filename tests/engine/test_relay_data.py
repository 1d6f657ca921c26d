"""Bytes arrive intact and counted exactly: large transfers, concurrency, half-close, IPv6."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    hash_sink,
    payload,
    recv_all,
    recv_exactly,
    sha256,
    source,
    spec_for,
    tunnel_stats,
    wait_until,
)

BIG = 32 * 1024 * 1024


def test_upload_arrives_intact_and_counted(engine):
    data = payload(BIG, seed=1)
    with TcpServer(hash_sink) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(data)
            client.shutdown(socket.SHUT_WR)
            answer = recv_all(client)
        assert answer.decode() == sha256(data)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        stats = tunnel_stats(engine, spec.tunnel_id)
        assert stats.bytes_to_target == BIG
        assert stats.bytes_to_client == 64
        assert stats.total_connections == 1


def test_download_arrives_intact_and_counted(engine):
    data = payload(BIG, seed=2)
    with TcpServer(source(data)) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            received = recv_all(client)
        assert len(received) == BIG
        assert sha256(received) == sha256(data)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        stats = tunnel_stats(engine, spec.tunnel_id)
        assert (stats.bytes_to_target, stats.bytes_to_client) == (0, BIG)


def test_both_directions_at_once(engine, echo_server):
    size = 16 * 1024 * 1024
    data = payload(size, seed=3)
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    with connect(port) as client:
        # Sending while reading back exercises backpressure in both directions.
        sender = threading.Thread(target=client.sendall, args=(data,))
        sender.start()
        received = recv_exactly(client, size)
        sender.join()
        client.shutdown(socket.SHUT_WR)
        assert recv_all(client) == b""
    assert sha256(received) == sha256(data)
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert (stats.bytes_to_target, stats.bytes_to_client) == (size, size)


def test_many_concurrent_connections(engine, echo_server):
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    count, size = 64, 256 * 1024
    failures: list[str] = []

    def one(index: int) -> None:
        data = payload(size, seed=100 + index)
        with connect(port) as client:
            sender = threading.Thread(target=client.sendall, args=(data,))
            sender.start()
            back = recv_exactly(client, size)
            sender.join()
        if back != data:
            failures.append(f"connection {index} corrupted")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert stats.total_connections == count
    assert stats.bytes_to_target == stats.bytes_to_client == count * size


def test_client_half_close_still_gets_the_answer(engine):
    """Client sends, shuts down writing, and still reads the target's whole answer."""
    with TcpServer(hash_sink) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(b"question")
            client.shutdown(socket.SHUT_WR)
            wait_until(
                lambda: (
                    any(
                        c.state == "closing"
                        for c in tunnel_stats(engine, spec.tunnel_id).connections
                    )
                    or tunnel_stats(engine, spec.tunnel_id).active_connections == 0
                )
            )
            assert recv_all(client).decode() == sha256(b"question")


def test_target_half_close_lets_the_client_keep_sending(engine):
    """The target ends its direction first; the client's later bytes still reach it."""
    heard: list[bytes] = []

    def greet_then_listen(conn: socket.socket) -> None:
        conn.sendall(b"hello")
        conn.shutdown(socket.SHUT_WR)
        heard.append(recv_all(conn))

    with TcpServer(greet_then_listen) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            assert recv_all(client) == b"hello"  # EOF from the target reached the client
            client.sendall(b"still talking")
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client) == b""
        wait_until(lambda: heard, what="the target to hear the client")
    assert heard == [b"still talking"]
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)


def test_ipv6_listen_and_target(engine):
    try:
        server = TcpServer(echo, host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback")
    with server:
        spec = spec_for(server.port, target_host="::1", listen_host="::1")
        stats = engine.start_tunnel(spec)
        assert stats.listen_address == f"[::1]:{stats.listen_port}"
        with connect(stats.listen_port, host="::1") as client:
            client.sendall(b"six")
            assert recv_exactly(client, 3) == b"six"
            peers = [c.peer for c in tunnel_stats(engine, spec.tunnel_id).connections]
            assert len(peers) == 1 and peers[0].startswith("[::1]:")


def test_ipv4_client_to_ipv6_target(engine):
    try:
        server = TcpServer(echo, host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback")
    with server:
        port = engine.start_tunnel(spec_for(server.port, target_host="::1")).listen_port
        with connect(port) as client:
            client.sendall(b"mixed")
            assert recv_exactly(client, 5) == b"mixed"


def test_target_given_by_name_is_resolved(engine, echo_server):
    spec = spec_for(echo_server.port, target_host="localhost")
    port = engine.start_tunnel(spec).listen_port
    for _ in range(3):  # the first lookup runs on a helper thread, the next ones are cached
        with connect(port) as client:
            client.sendall(b"name")
            assert recv_exactly(client, 4) == b"name"
