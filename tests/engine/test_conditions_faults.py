"""Network conditions on real loopback sockets: faults, stalls, live switching, exact counts."""

from __future__ import annotations

import socket
import statistics
import threading
import time

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
from tunnelgui.engine.conditions import (
    CloseAfter,
    Condition,
    Direction,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.engine.events import EventKind
from tunnelgui.engine.shaped_half import LINE_CAP

MiB = 1024 * 1024
TO_CLIENT = Direction.TO_CLIENT
TO_TARGET = Direction.TO_TARGET


def _closed_reasons(engine, tunnel_id: str) -> list[str]:
    return [
        event.message
        for event in engine.events_since(0)
        if event.tunnel_id == tunnel_id and event.kind is EventKind.CONNECTION_CLOSED
    ]


def _read_until_error(sock: socket.socket) -> tuple[int, BaseException | None]:
    """Bytes read until EOF (None) or an error (the exception)."""
    total = 0
    while True:
        try:
            chunk = sock.recv(1 << 20)
        except OSError as exc:
            return total, exc
        if not chunk:
            return total, None
        total += len(chunk)


def test_reset_after_one_mib_delivers_exactly_one_mib_then_a_reset(engine):
    data = payload(4 * MiB)
    with TcpServer(source(data)) as server:
        condition = Condition(ResetAfter(bytes=MiB), TO_CLIENT)
        spec = spec_for(server.port, conditions=(condition,))
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            received, error = _read_until_error(client)
        assert received == MiB
        assert isinstance(error, ConnectionResetError)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        stats = tunnel_stats(engine, spec.tunnel_id)
        assert stats.bytes_to_client == MiB
        assert stats.discarded_to_client == 0
        assert any(
            "reset by a network condition after 1.00 MiB" in m
            for m in _closed_reasons(engine, spec.tunnel_id)
        )


def test_reset_after_seconds_resets_an_idle_connection(plain_engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(Condition(ResetAfter(seconds=0.3)),))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            started = time.monotonic()
            client.sendall(b"ping")
            assert recv_exactly(client, 4) == b"ping"
            received, error = _read_until_error(client)
            elapsed = time.monotonic() - started
        assert received == 0
        assert isinstance(error, ConnectionResetError)
        assert 0.25 <= elapsed < 5.0


@pytest.mark.parametrize("limit", [0, 1, 70_000, 3 * MiB + 5])
def test_close_after_n_bytes_delivers_exactly_n_then_eof(engine, limit):
    data = payload(4 * MiB)
    with TcpServer(source(data)) as server:
        spec = spec_for(server.port, conditions=(Condition(CloseAfter(limit), TO_CLIENT),))
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            received = recv_all(client)
        assert received == data[:limit]
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        assert tunnel_stats(engine, spec.tunnel_id).bytes_to_client == limit


def test_stall_holds_bytes_until_switched_off_then_delivers_them_intact(engine):
    data = payload(16 * MiB, seed=7)  # more than the kernel buffers take
    stall = Condition(Stall(), TO_TARGET)
    with TcpServer(hash_sink) as server:
        spec = spec_for(server.port, conditions=(stall,))
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            sender = threading.Thread(target=client.sendall, args=(data,), daemon=True)
            sender.start()
            time.sleep(0.5)
            stats = tunnel_stats(engine, spec.tunnel_id)
            assert stats.bytes_to_target == 0  # a blackhole: nothing got through
            # Backpressure: the shaped direction holds at most its cap, the sender waits.
            assert 0 < engine.held_bytes() <= LINE_CAP
            assert sender.is_alive()
            engine.set_conditions(spec.tunnel_id, (Condition(Stall(), TO_TARGET, enabled=False),))
            sender.join(30)
            client.shutdown(socket.SHUT_WR)
            answer = recv_all(client)
        assert answer.decode() == sha256(data)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        assert tunnel_stats(engine, spec.tunnel_id).bytes_to_target == len(data)


def test_a_stall_for_seconds_ends_by_itself(plain_engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(Condition(Stall(0.4), TO_CLIENT),))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            started = time.monotonic()
            client.sendall(b"hello")
            assert recv_exactly(client, 5) == b"hello"
            elapsed = time.monotonic() - started
            client.sendall(b"again")  # the stall is over: no wait now
            again_started = time.monotonic()
            assert recv_exactly(client, 5) == b"again"
            assert time.monotonic() - again_started < 0.2
        assert 0.38 <= elapsed < 3.0


def test_slow_close_delays_the_fin_and_keeps_half_close(plain_engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(Condition(SlowClose(0.4), TO_TARGET),))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(b"last words")
            started = time.monotonic()
            client.shutdown(socket.SHUT_WR)
            # The echo server closes only after our FIN reached it; its answer still comes.
            assert recv_all(client) == b"last words"
            elapsed = time.monotonic() - started
        assert 0.38 <= elapsed < 3.0


def test_half_close_is_forwarded_through_a_shaped_direction(engine):
    data = payload(300_000, seed=3)
    with TcpServer(hash_sink) as server:
        spec = spec_for(server.port, conditions=(Condition(Latency(0.02)),))
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(data)
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        stats = tunnel_stats(engine, spec.tunnel_id)
        assert stats.bytes_to_target == len(data)
        assert stats.bytes_to_client == 64


def test_drop_closes_a_stalled_connection(plain_engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(Condition(Stall()),))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(b"x" * 1000)
            wait_until(lambda: tunnel_stats(plain_engine, spec.tunnel_id).active_connections)
            conn_id = (
                plain_engine.snapshot(include_connections=True)
                .tunnels[spec.tunnel_id]
                .connections[0]
                .conn_id
            )
            plain_engine.drop_connection(spec.tunnel_id, conn_id)
            received, _error = _read_until_error(client)
        assert received == 0
        wait_until(lambda: not tunnel_stats(plain_engine, spec.tunnel_id).active_connections)
        assert plain_engine.held_bytes() == 0


def test_switching_on_shapes_an_open_connection_and_off_restores_it(engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:

            def round_trip() -> float:
                started = time.monotonic()
                client.sendall(b"ping")
                assert recv_exactly(client, 4) == b"ping"
                return time.monotonic() - started

            assert round_trip() < 0.25
            engine.set_conditions(spec.tunnel_id, (Condition(Latency(0.3), TO_TARGET),))
            assert round_trip() >= 0.29
            engine.set_conditions(spec.tunnel_id, ())
            assert round_trip() < 0.25
            data = payload(MiB)
            client.sendall(data)
            assert recv_exactly(client, MiB) == data


def test_probability_half_shapes_between_40_and_60_percent_of_400_connections(plain_engine):
    # A shaped connection echoes only its first 4 bytes (close after 4 bytes to the client).
    condition = Condition(CloseAfter(4), TO_CLIENT, probability=0.5)
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(condition,))
        port = plain_engine.start_tunnel(spec).listen_port
        shaped = 0
        for _ in range(400):
            with connect(port) as client:
                client.sendall(b"12345678")
                client.shutdown(socket.SHUT_WR)
                answer = recv_all(client)
            assert answer in (b"1234", b"12345678")
            shaped += answer == b"1234"
        assert 160 <= shaped <= 240, shaped


def _half_types(engine, tunnel_id: str) -> list[tuple[str, str]]:
    def read() -> list[tuple[str, str]]:
        relays = engine._tunnels[tunnel_id].relays.values()
        return [(type(r.up).__name__, type(r.down).__name__) for r in relays]

    return engine._call(read, 5.0)


def test_unshaped_directions_keep_the_plain_path_and_get_it_back(engine):
    plain = "SpliceHalf" if engine.splice else "Half"
    off = Condition(Latency(0.05), TO_TARGET, enabled=False)
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(off,))
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(b"ping")
            assert recv_exactly(client, 4) == b"ping"
            assert _half_types(engine, spec.tunnel_id) == [(plain, plain)]
            engine.set_conditions(spec.tunnel_id, (Condition(Latency(0.05), TO_TARGET),))
            assert _half_types(engine, spec.tunnel_id) == [("ShapedHalf", plain)]
            client.sendall(b"pong")
            assert recv_exactly(client, 4) == b"pong"
            engine.set_conditions(spec.tunnel_id, (off,))
            wait_until(lambda: _half_types(engine, spec.tunnel_id) == [(plain, plain)])
            client.sendall(b"done")
            assert recv_exactly(client, 4) == b"done"


@pytest.mark.parametrize("use_splice", [True, False], ids=["splice", "copy"])
def test_a_pipe_target_end_is_shaped_and_given_back_too(use_splice):
    from tests.engine.pipe_bridge import BridgeConnector, BridgeTransport
    from tunnelgui.engine import Engine

    data = payload(3 * MiB, seed=11)
    latency = Condition(Latency(0.05))
    with (
        Engine(use_splice=use_splice, connectors={BridgeTransport: BridgeConnector}) as engine,
        TcpServer(hash_sink) as server,
    ):
        spec = spec_for(
            server.port, target_transport=BridgeTransport(server.port), conditions=(latency,)
        )
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(data[:MiB])
            wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).bytes_to_target == MiB)
            engine.set_conditions(spec.tunnel_id, ())
            wait_until(lambda: "ShapedHalf" not in str(_half_types(engine, spec.tunnel_id)))
            client.sendall(data[MiB:])
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)


def test_the_slicer_cuts_writes_into_pieces_with_pauses(plain_engine):
    data = payload(2000, seed=12)
    with TcpServer(source(data)) as server:
        slicer = Condition(Slicer(100, delay=0.01), TO_CLIENT)
        spec = spec_for(server.port, conditions=(slicer,))
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            started = time.monotonic()
            pieces = []
            while chunk := client.recv(1 << 16):
                pieces.append(len(chunk))
            elapsed = time.monotonic() - started
    assert sum(pieces) == len(data)
    assert elapsed >= 19 * 0.01  # 20 pieces, a pause between each two
    assert statistics.median(pieces) <= 100  # read as they come: piece by piece


def test_tiny_pieces_without_pauses_arrive_intact(engine):
    data = payload(300_000, seed=13)
    with TcpServer(source(data)) as server:
        spec = spec_for(server.port, conditions=(Condition(Slicer(7, size_variation=5)),))
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            assert recv_all(client) == data


def test_switching_on_takes_over_the_bytes_a_plain_half_holds(engine):
    gate = threading.Event()

    def slow_sink(conn: socket.socket) -> None:
        gate.wait(30)  # reads nothing until the condition is on: the relay holds bytes
        hash_sink(conn)

    data = payload(16 * MiB, seed=14)
    with TcpServer(slow_sink) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            sender = threading.Thread(target=client.sendall, args=(data,), daemon=True)
            sender.start()
            wait_until(lambda: engine.held_bytes() > 0, what="the plain half holding bytes")
            engine.set_conditions(spec.tunnel_id, (Condition(Latency(0.01), TO_TARGET),))
            assert _half_types(engine, spec.tunnel_id)[0][0] == "ShapedHalf"
            gate.set()
            sender.join(30)
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        assert tunnel_stats(engine, spec.tunnel_id).bytes_to_target == len(data)


def test_each_connection_draws_once_so_switching_keeps_who_is_shaped(plain_engine):
    on = Condition(Latency(0.01), TO_TARGET, probability=0.5)
    off = Condition(Latency(0.01), TO_TARGET, enabled=False, probability=0.5)
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=(on,))
        port = plain_engine.start_tunnel(spec).listen_port
        clients = [connect(port) for _ in range(40)]
        try:
            wait_until(lambda: len(_half_types(plain_engine, spec.tunnel_id)) == 40)
            first = [up for up, _down in _half_types(plain_engine, spec.tunnel_id)]
            assert 0 < first.count("ShapedHalf") < 40
            plain_engine.set_conditions(spec.tunnel_id, (off,))
            wait_until(lambda: "ShapedHalf" not in str(_half_types(plain_engine, spec.tunnel_id)))
            plain_engine.set_conditions(spec.tunnel_id, (on,))
            again = [up for up, _down in _half_types(plain_engine, spec.tunnel_id)]
            assert again == first
        finally:
            for client in clients:
                client.close()


def test_reset_after_seconds_holds_while_bytes_wait_for_their_latency(plain_engine):
    # The latency's timer comes and goes; the reset's own timer must still fire.
    conditions = (Condition(Latency(0.05)), Condition(ResetAfter(seconds=0.6)))
    with TcpServer(echo) as server:
        spec = spec_for(server.port, conditions=conditions)
        port = plain_engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            started = time.monotonic()
            for _ in range(3):
                client.sendall(b"ping")
                assert recv_exactly(client, 4) == b"ping"
            received, error = _read_until_error(client)
            elapsed = time.monotonic() - started
    assert received == 0
    assert isinstance(error, ConnectionResetError)
    assert 0.55 <= elapsed < 5.0
