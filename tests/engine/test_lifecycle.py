"""Engine lifecycle and control: drop, stop, shutdown, events, fd hygiene, open-files limit."""

from __future__ import annotations

import gc
import socket
import struct
import threading

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    fd_count,
    open_fds,
    recv_all,
    recv_exactly,
    reserved_port,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import Engine, EngineError, EventKind, TunnelStats
from tunnelgui.engine.conditions import Condition, Latency, ResetAfter
from tunnelgui.engine.directions import Half
from tunnelgui.engine.errors import EngineStoppedError
from tunnelgui.engine.relay import Relay

RESET = struct.pack("ii", 1, 0)


def closed_by_tunnel(sock: socket.socket) -> bool:
    try:
        return recv_all(sock) == b""
    except ConnectionResetError:
        return True


def talk(sock: socket.socket, data: bytes = b"hello") -> None:
    sock.sendall(data)
    assert recv_exactly(sock, len(data)) == data


def test_drop_connection(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    with connect(port) as keep, connect(port) as drop:
        talk(keep)
        talk(drop)
        local = drop.getsockname()[1]
        (victim,) = [
            c
            for c in tunnel_stats(engine, spec.tunnel_id).connections
            if c.peer == f"127.0.0.1:{local}"
        ]
        assert victim.state == "open" and victim.bytes_to_target == victim.bytes_to_client == 5
        engine.drop_connection(spec.tunnel_id, victim.conn_id)
        assert closed_by_tunnel(drop)
        talk(keep, b"still here")
        events = [e for e in engine.events_since(0) if e.conn_id == victim.conn_id]
        assert [e.kind for e in events] == [
            EventKind.CONNECTION_OPENED,
            EventKind.CONNECTION_CLOSED,
        ]
        assert "dropped" in events[-1].message
    engine.drop_connection(spec.tunnel_id, 10**9)  # unknown ids are ignored
    engine.drop_connection("no-such-tunnel", 1)


def test_stop_tunnel_closes_listener_and_connections(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    other = engine.start_tunnel(spec_for(echo_server.port))
    with connect(port) as client:
        talk(client)
        engine.stop_tunnel(spec.tunnel_id)
        assert closed_by_tunnel(client)
    with pytest.raises(ConnectionRefusedError):
        connect(port)
    assert list(engine.snapshot().tunnels) == [other.tunnel_id]
    stopped = [e for e in engine.events_since(0) if e.kind == EventKind.TUNNEL_STOPPED]
    assert len(stopped) == 1 and "closed 1 connection." in stopped[0].message
    engine.stop_tunnel(spec.tunnel_id)  # stopping again is harmless
    engine.stop_all()
    assert engine.snapshot().tunnels == {}


def test_shutdown_with_open_connections():
    with TcpServer(echo) as server:
        engine = Engine()
        thread = engine.start_background()
        port = engine.start_tunnel(spec_for(server.port)).listen_port
        clients = [connect(port) for _ in range(50)]
        try:
            for client in clients:
                talk(client)
            engine.shutdown()
            thread.join(10)
            assert not thread.is_alive()
            assert all(closed_by_tunnel(client) for client in clients)
        finally:
            for client in clients:
                client.close()
    with pytest.raises(EngineStoppedError):
        engine.start_tunnel(spec_for(9))
    engine.stop_all()  # harmless after shutdown
    assert engine.snapshot().tunnels == {}
    engine.shutdown()  # twice is fine


def test_no_fd_leaks_after_a_mix_of_endings():
    def reset_after_greeting(conn: socket.socket) -> None:
        recv_exactly(conn, 5)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)

    with TcpServer(echo) as server, TcpServer(reset_after_greeting) as resetter:
        blocker = reserved_port()
        before = open_fds()
        baseline = fd_count()
        with Engine() as engine:
            running_baseline = fd_count()
            good = engine.start_tunnel(spec_for(server.port))
            bad = engine.start_tunnel(spec_for(resetter.port))
            refused = engine.start_tunnel(spec_for(blocker.getsockname()[1]))
            for _ in range(5):
                with connect(good.listen_port) as client:  # normal close
                    talk(client)
                client = connect(good.listen_port)  # reset by the client
                talk(client)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
                client.close()
                with connect(bad.listen_port) as client:  # reset by the target
                    client.sendall(b"reset")
                    assert closed_by_tunnel(client)
                with connect(refused.listen_port) as client:  # refused target
                    assert closed_by_tunnel(client)
            for tunnel in (good, bad, refused):
                wait_until(
                    lambda t=tunnel: tunnel_stats(engine, t.tunnel_id).active_connections == 0
                )
            # Pooled splice pipes may stay open while the engine runs; nothing else may.
            assert fd_count() <= running_baseline + 3 + 2 * 8
            lingering = connect(good.listen_port)  # open while the tunnel stops
            talk(lingering)
            engine.stop_tunnel(good.tunnel_id)
            assert closed_by_tunnel(lingering)
            lingering.close()
        blocker.close()
        try:
            wait_until(lambda: fd_count() == baseline - 1, timeout=30)
        except AssertionError:
            extra = {fd: what for fd, what in open_fds().items() if before.get(fd) != what}
            raise AssertionError(f"fds left open: {extra}") from None


def test_closed_relays_go_without_the_cycle_collector(engine, echo_server):
    """A relay and its halves point at each other; the close cuts that, so a closed relay is
    freed by its last reference going, not by a round of the cycle collector."""

    def left_over() -> list:
        return [o for o in gc.get_objects() if isinstance(o, Relay | Half)]

    blocker = reserved_port()
    good = engine.start_tunnel(spec_for(echo_server.port)).listen_port
    refused = engine.start_tunnel(spec_for(blocker.getsockname()[1]))
    gc.collect()
    assert left_over() == []
    gc.disable()
    try:
        for _ in range(5):
            with connect(good) as client:  # the client closes first
                talk(client)
            client = connect(good)  # reset by the client
            talk(client)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
            client.close()
            with connect(refused.listen_port) as client:  # the target refuses
                assert closed_by_tunnel(client)
        wait_until(
            lambda: all(t.active_connections == 0 for t in engine.snapshot().tunnels.values())
        )
        assert left_over() == []
    finally:
        gc.enable()
        blocker.close()


def test_closed_shaped_relays_go_without_the_cycle_collector(engine, echo_server):
    """Under network conditions a ShapedHalf stands in for a plain half, which it keeps (to
    hand back) and whose `relay` still points at the relay; its timers' callbacks are its own
    bound methods. The close cuts all of that too: a closed shaped relay goes at once."""

    def left_over() -> list:
        return [o for o in gc.get_objects() if isinstance(o, Relay | Half)]

    latency = Condition(Latency(0.02))
    reset_later = Condition(ResetAfter(seconds=60))  # armed on every connection, never due
    shaped = spec_for(echo_server.port, conditions=(latency, reset_later))
    port = engine.start_tunnel(shaped).listen_port
    resetting = engine.start_tunnel(
        spec_for(echo_server.port, conditions=(Condition(ResetAfter(bytes=5)),))
    ).listen_port
    later = spec_for(echo_server.port)  # conditions come while connections are open
    later_port = engine.start_tunnel(later).listen_port
    gc.collect()
    assert left_over() == []
    gc.disable()
    try:
        for _ in range(3):
            with connect(port) as client:  # the client closes first, nothing held
                talk(client)
            client = connect(port)  # reset by the client while the delay line holds bytes
            talk(client)
            client.sendall(b"held in the delay line")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
            client.close()
            with connect(resetting) as client:  # reset by the condition itself
                client.sendall(b"hello world")
                assert closed_by_tunnel(client)
            with connect(later_port) as client:
                talk(client)
                engine.set_conditions(later.tunnel_id, (latency,))  # shaped halves swapped in
                talk(client)
                engine.set_conditions(later.tunnel_id, ())  # the plain halves handed back
                talk(client)
                engine.set_conditions(later.tunnel_id, (latency,))
                talk(client)
        lingering = connect(port)  # open while its tunnel stops, with a timer pending
        talk(lingering)
        lingering.sendall(b"still in the delay line")
        engine.stop_tunnel(shaped.tunnel_id)
        assert closed_by_tunnel(lingering)
        lingering.close()
        wait_until(
            lambda: all(t.active_connections == 0 for t in engine.snapshot().tunnels.values())
        )
        assert left_over() == []
    finally:
        gc.enable()


def test_events_have_increasing_seq_and_bounded_history(echo_server):
    with Engine(event_history=10) as engine:
        spec = spec_for(echo_server.port)
        port = engine.start_tunnel(spec).listen_port
        for _ in range(10):
            with connect(port) as client:
                talk(client)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
        events = engine.events_since(0)
        assert len(events) == 10  # older ones dropped
        seqs = [e.seq for e in events]
        assert seqs == list(range(seqs[0], seqs[0] + 10))
        assert seqs[-1] >= 21  # started + target up + 2 per connection
        assert engine.events_since(seqs[-1]) == []
        assert [e.seq for e in engine.events_since(seqs[-3])] == seqs[-2:]
        assert all(e.message.endswith(".") for e in events)


def test_run_in_a_thread_of_the_callers_choosing(echo_server):
    engine = Engine()
    results: list[TunnelStats] = []
    # A command given before run() starts waits for the loop (as with a QThread worker).
    starter = threading.Thread(target=lambda: results.append(engine.start_tunnel(spec_for(9))))
    starter.start()
    runner = threading.Thread(target=engine.run)
    runner.start()
    starter.join(10)
    assert results and results[0].listen_port > 0
    with pytest.raises(EngineError):
        engine.run()
    engine.shutdown()
    runner.join(10)
    assert not runner.is_alive()


def test_engine_raises_the_open_files_limit():
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard <= 1024:
        pytest.skip("needs a finite hard limit above 1024")
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
    try:
        with Engine():
            assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == hard
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
