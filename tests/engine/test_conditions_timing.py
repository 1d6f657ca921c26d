"""Network conditions keep their numbers on real loopback sockets: latency, rate caps, and
full speed back within 0.5 s of switching off. Durations are measured here, around the
transfer, with margins that hold on a loaded 2-core machine (medians of several samples)."""

from __future__ import annotations

import socket
import statistics
import threading
import time

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
)
from tunnelgui.engine.conditions import Bandwidth, Condition, Direction, Latency

MiB = 1024 * 1024


def _median_round_trip(client: socket.socket, samples: int = 7) -> float:
    times = []
    for _ in range(samples):
        started = time.monotonic()
        client.sendall(b"ping")
        assert recv_exactly(client, 4) == b"ping"
        times.append(time.monotonic() - started)
    return statistics.median(times)


def test_latency_adds_100_ms_per_direction_it_is_applied_to(plain_engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port)
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            baseline = _median_round_trip(client)
            for direction, ways in (
                (Direction.TO_TARGET, 1),
                (Direction.TO_CLIENT, 1),
                (Direction.BOTH, 2),
            ):
                plain_engine.set_conditions(spec.tunnel_id, (Condition(Latency(0.1), direction),))
                added = _median_round_trip(client) - baseline
                assert abs(added - 0.1 * ways) <= 0.01 * ways, (direction, added)


def test_jitter_keeps_the_order_and_stays_within_its_range(plain_engine):
    data = payload(200_000, seed=5)
    with TcpServer(hash_sink) as server:
        latency = Condition(Latency(0.05, jitter=0.04), Direction.TO_TARGET)
        spec = spec_for(server.port, conditions=(latency,))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            for start in range(0, len(data), 1000):  # many small writes, each its own delay
                client.sendall(data[start : start + 1000])
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)


def _upload_seconds(port: int, size: int) -> float:
    data = payload(size, seed=2)
    with connect(port) as client:
        started = time.monotonic()
        client.sendall(data)
        client.shutdown(socket.SHUT_WR)
        answer = recv_all(client)
        elapsed = time.monotonic() - started
    assert answer.decode() == sha256(data)
    return elapsed


def test_a_1_mib_per_second_cap_delivers_2_mib_in_2_seconds(plain_engine):
    with TcpServer(hash_sink) as server:
        cap = Condition(Bandwidth(MiB), Direction.TO_TARGET)
        spec = spec_for(server.port, conditions=(cap,))
        port = plain_engine.start_tunnel(spec).listen_port
        elapsed = _upload_seconds(port, 2 * MiB)
    assert 2.0 * 0.95 <= elapsed <= 2.0 * 1.05, elapsed


def test_a_cap_to_the_client_holds_too(plain_engine):
    data = payload(2 * MiB, seed=4)
    with TcpServer(source(data)) as server:
        cap = Condition(Bandwidth(2 * MiB), Direction.TO_CLIENT)
        spec = spec_for(server.port, conditions=(cap,))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            started = time.monotonic()
            received = recv_all(client)
            elapsed = time.monotonic() - started
    assert received == data
    assert 0.95 <= elapsed <= 1.05, elapsed


def _parallel_uploads(port: int, count: int, size: int) -> float:
    """Seconds until all `count` uploads of `size` bytes are through."""
    durations: list[float] = []
    threads = [
        threading.Thread(target=lambda: durations.append(_upload_seconds(port, size)))
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(durations) == count
    return max(durations)


def test_a_shared_cap_is_one_budget_for_all_connections(plain_engine):
    with TcpServer(hash_sink) as server:
        shared = Condition(Bandwidth(MiB, shared=True), Direction.TO_TARGET)
        spec = spec_for(server.port, conditions=(shared,))
        port = plain_engine.start_tunnel(spec).listen_port
        elapsed = _parallel_uploads(port, 2, MiB)  # 2 MiB in all at 1 MiB/s
    assert 2.0 * 0.95 <= elapsed <= 2.0 * 1.05, elapsed


def test_a_cap_per_connection_gives_each_its_own_budget(plain_engine):
    with TcpServer(hash_sink) as server:
        own = Condition(Bandwidth(MiB), Direction.TO_TARGET)
        spec = spec_for(server.port, conditions=(own,))
        port = plain_engine.start_tunnel(spec).listen_port
        elapsed = _parallel_uploads(port, 2, MiB)  # 1 MiB each at 1 MiB/s each
    assert 0.95 <= elapsed <= 1.05 * 1.1, elapsed


def test_switching_a_cap_off_mid_transfer_restores_full_speed_within_half_a_second(engine):
    data = payload(64 * MiB, seed=9)
    with TcpServer(source(data)) as server:
        cap = Condition(Bandwidth(256 * 1024), Direction.TO_CLIENT)
        spec = spec_for(server.port, conditions=(cap,))
        port = engine.start_tunnel(spec).listen_port
        received = bytearray()
        with connect(port) as client:
            until = time.monotonic() + 0.5
            while time.monotonic() < until:
                received += client.recv(1 << 20)
            assert len(received) < MiB  # capped: about 128 KiB by now
            switched = time.monotonic()
            engine.set_conditions(spec.tunnel_id, ())
            before = len(received)
            # At the cap, 16 MiB would take 64 s; at full speed it is a matter of milliseconds.
            while len(received) - before < 16 * MiB:
                chunk = client.recv(1 << 20)
                assert chunk
                received += chunk
            restored_in = time.monotonic() - switched
            received += recv_all(client)
    assert restored_in < 0.5, restored_in
    assert sha256(bytes(received)) == sha256(data)
